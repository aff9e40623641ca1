CREATE TYPE "public"."actor_token_kind" AS ENUM('impersonation', 'agent');--> statement-breakpoint
CREATE TYPE "public"."actor_token_status" AS ENUM('pending', 'accepted', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."admin_role" AS ENUM('support', 'admin', 'owner');--> statement-breakpoint
CREATE TYPE "public"."webhook_delivery_status" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."webhook_event_type" AS ENUM('session.created', 'session.pending', 'session.active', 'session.ended', 'session.removed', 'session.revoked', 'user.created', 'user.updated', 'user.deleted');--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'sign_in_failed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'impersonation_started';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'impersonation_stopped';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'actor_token_created';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'actor_token_revoked';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'user_banned';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'user_unbanned';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'password_reset_required';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'factor_removed_by_admin';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'plan_changed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'sessions_revoked_by_admin';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'signing_key_rotated';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'webhook_endpoint_added';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'webhook_endpoint_changed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'webhook_endpoint_removed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'webhook_delivery_retried';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'organization_created';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'organization_updated';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'organization_deleted';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'organization_member_role_changed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'organization_member_removed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'organization_left';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'organization_invitation_sent';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'organization_invitation_revoked';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'organization_invitation_accepted';--> statement-breakpoint
CREATE TABLE "actor_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" "actor_token_kind" NOT NULL,
	"token_hash" text NOT NULL,
	"status" "actor_token_status" NOT NULL,
	"user_id" text NOT NULL,
	"actor" jsonb NOT NULL,
	"reason" text NOT NULL,
	"created_by" text,
	"session_max_duration_seconds" integer NOT NULL,
	"redirect_url" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"session_id" text
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"delivery_id" bigint NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" text NOT NULL,
	"endpoint_id" text NOT NULL,
	"status" "webhook_delivery_status" NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"secret_encrypted" text NOT NULL,
	"event_types" "webhook_event_type"[] DEFAULT '{}' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" "webhook_event_type" NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "session_events" ALTER COLUMN "session_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "session_events" ADD COLUMN "user_id" text;--> statement-breakpoint
-- Every earlier row concerns its session's user.
UPDATE "session_events" SET "user_id" = "sessions"."user_id" FROM "sessions" WHERE "sessions"."id" = "session_events"."session_id";--> statement-breakpoint
ALTER TABLE "session_events" ADD COLUMN "impersonator_id" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "admin_role" "admin_role";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "banned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "ban_reason" text;--> statement-breakpoint
ALTER TABLE "actor_tokens" ADD CONSTRAINT "actor_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actor_tokens" ADD CONSTRAINT "actor_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actor_tokens" ADD CONSTRAINT "actor_tokens_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."webhook_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "actor_tokens_token_hash_key" ON "actor_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "actor_tokens_user_id_idx" ON "actor_tokens" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "actor_tokens_expires_at_idx" ON "actor_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_id_idx" ON "webhook_attempts" USING btree ("delivery_id","attempted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_event_endpoint_key" ON "webhook_deliveries" USING btree ("event_id","endpoint_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_id_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_events_created_at_idx" ON "webhook_events" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "session_events" ADD CONSTRAINT "session_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_events_user_id_idx" ON "session_events" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "session_events_created_at_idx" ON "session_events" USING btree ("created_at");
CREATE TYPE "public"."session_event_actor" AS ENUM('user', 'admin', 'system');--> statement-breakpoint
CREATE TYPE "public"."session_event_type" AS ENUM('created', 'status_changed');--> statement-breakpoint
CREATE TYPE "public"."session_status" AS ENUM('active', 'pending', 'ended', 'expired', 'removed', 'replaced', 'revoked', 'abandoned');--> statement-breakpoint
CREATE TYPE "public"."transition_reason" AS ENUM('tasks_resolved', 'task_required', 'ended_by_user', 'removed_by_user', 'signed_out', 'revoked_by_user', 'revoked_by_admin', 'password_changed', 'user_banned', 'max_lifetime_reached', 'inactivity_timeout', 'replaced_by_sign_in');--> statement-breakpoint
CREATE TABLE "clients" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"last_active_session_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_addresses" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"email" text NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "password_credentials" (
	"user_id" text PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "session_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"session_id" text NOT NULL,
	"type" "session_event_type" NOT NULL,
	"from_status" "session_status",
	"to_status" "session_status",
	"reason" "transition_reason",
	"actor" "session_event_actor" NOT NULL,
	"actor_user_id" text,
	"ip_address" text,
	"user_agent" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"user_id" text NOT NULL,
	"status" "session_status" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"last_active_at" timestamp with time zone NOT NULL,
	"expire_at" timestamp with time zone NOT NULL,
	"abandon_at" timestamp with time zone NOT NULL,
	"inactivity_timeout_seconds" integer,
	"first_factor_verified_at" timestamp with time zone,
	"second_factor_verified_at" timestamp with time zone,
	"actor" jsonb,
	"last_active_organization_id" text,
	"ended_at" timestamp with time zone,
	"end_reason" "transition_reason",
	"ip_address" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"first_name" text,
	"last_name" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_last_active_session_id_sessions_id_fk" FOREIGN KEY ("last_active_session_id") REFERENCES "public"."sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_addresses" ADD CONSTRAINT "email_addresses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_credentials" ADD CONSTRAINT "password_credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_events" ADD CONSTRAINT "session_events_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "clients_token_hash_key" ON "clients" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "email_addresses_email_key" ON "email_addresses" USING btree ("email");--> statement-breakpoint
CREATE INDEX "email_addresses_user_id_idx" ON "email_addresses" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "email_addresses_one_primary_per_user" ON "email_addresses" USING btree ("user_id") WHERE "email_addresses"."is_primary";--> statement-breakpoint
CREATE INDEX "session_events_session_id_idx" ON "session_events" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE INDEX "sessions_client_id_idx" ON "sessions" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "sessions_user_id_status_idx" ON "sessions" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "sessions_signed_in_abandon_at_idx" ON "sessions" USING btree ("abandon_at") WHERE "sessions"."status" in ('active', 'pending');
ALTER TYPE "public"."session_event_type" ADD VALUE 'account_locked' BEFORE 'impersonation_started';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'account_unlocked' BEFORE 'impersonation_started';--> statement-breakpoint
CREATE TABLE "account_unlock_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identifier_lockouts" (
	"identifier_hash" text PRIMARY KEY NOT NULL,
	"failed_verification_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_unlock_tokens" ADD CONSTRAINT "account_unlock_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_unlock_tokens_user_id_idx" ON "account_unlock_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "account_unlock_tokens_expires_at_idx" ON "account_unlock_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "identifier_lockouts_updated_at_idx" ON "identifier_lockouts" USING btree ("updated_at");
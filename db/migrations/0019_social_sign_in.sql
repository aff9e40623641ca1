CREATE TYPE "public"."oauth_provider" AS ENUM('google', 'github', 'microsoft');--> statement-breakpoint
CREATE TYPE "public"."social_trip_purpose" AS ENUM('sign_in', 'sign_up', 'connect');--> statement-breakpoint
ALTER TYPE "public"."first_factor_strategy" ADD VALUE 'oauth_google';--> statement-breakpoint
ALTER TYPE "public"."first_factor_strategy" ADD VALUE 'oauth_github';--> statement-breakpoint
ALTER TYPE "public"."first_factor_strategy" ADD VALUE 'oauth_microsoft';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'external_account_connected' BEFORE 'profile_updated';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'external_account_disconnected' BEFORE 'profile_updated';--> statement-breakpoint
CREATE TABLE "oauth_identities" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"provider" "oauth_provider" NOT NULL,
	"subject" text NOT NULL,
	"email" text,
	"email_verified" boolean DEFAULT false NOT NULL,
	"username" text,
	"first_name" text,
	"last_name" text,
	"created_at" timestamp with time zone NOT NULL,
	"last_signed_in_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_transactions" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" "oauth_provider" NOT NULL,
	"purpose" "social_trip_purpose" NOT NULL,
	"state_hash" text NOT NULL,
	"browser_hash" text NOT NULL,
	"nonce" text NOT NULL,
	"code_verifier" text NOT NULL,
	"session_id" text,
	"redirect_path" text NOT NULL,
	"continue_path" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	CONSTRAINT "social_transactions_purpose_target" CHECK ("social_transactions"."purpose" <> 'connect' or "social_transactions"."session_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "oauth_identities" ADD CONSTRAINT "oauth_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_transactions" ADD CONSTRAINT "social_transactions_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "oauth_identities_provider_subject_key" ON "oauth_identities" USING btree ("provider","subject");--> statement-breakpoint
CREATE INDEX "oauth_identities_user_id_idx" ON "oauth_identities" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "social_transactions_state_hash_key" ON "social_transactions" USING btree ("state_hash");--> statement-breakpoint
CREATE INDEX "social_transactions_expires_at_idx" ON "social_transactions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "social_transactions_session_id_idx" ON "social_transactions" USING btree ("session_id") WHERE "social_transactions"."session_id" is not null;
CREATE TYPE "public"."sso_transaction_purpose" AS ENUM('sign_in', 'reverification');--> statement-breakpoint
ALTER TYPE "public"."first_factor_strategy" ADD VALUE 'enterprise_sso';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'enterprise_sso_linked' BEFORE 'sign_in_failed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'enterprise_connection_added' BEFORE 'organization_created';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'enterprise_connection_changed' BEFORE 'organization_created';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'enterprise_connection_removed' BEFORE 'organization_created';--> statement-breakpoint
CREATE TABLE "enterprise_connection_domains" (
	"domain" text PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprise_connections" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"issuer" text NOT NULL,
	"client_id" text NOT NULL,
	"client_secret_encrypted" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprise_identities" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"email" text,
	"created_at" timestamp with time zone NOT NULL,
	"last_signed_in_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sso_transactions" (
	"id" text PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"purpose" "sso_transaction_purpose" NOT NULL,
	"state_hash" text NOT NULL,
	"browser_hash" text NOT NULL,
	"nonce" text NOT NULL,
	"code_verifier" text NOT NULL,
	"sign_in_id" text,
	"session_id" text,
	"verification_id" text,
	"redirect_path" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	CONSTRAINT "sso_transactions_purpose_target" CHECK (("sso_transactions"."purpose" <> 'sign_in' or "sso_transactions"."sign_in_id" is not null) and ("sso_transactions"."purpose" <> 'reverification' or ("sso_transactions"."session_id" is not null and "sso_transactions"."verification_id" is not null)))
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "enterprise_connection_id" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "federated_auth_time" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "federated_amr" text[];--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "federated_acr" text;--> statement-breakpoint
ALTER TABLE "sign_in_attempts" ADD COLUMN "federation" jsonb;--> statement-breakpoint
ALTER TABLE "enterprise_connection_domains" ADD CONSTRAINT "enterprise_connection_domains_connection_id_enterprise_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."enterprise_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_identities" ADD CONSTRAINT "enterprise_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_identities" ADD CONSTRAINT "enterprise_identities_connection_id_enterprise_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."enterprise_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_transactions" ADD CONSTRAINT "sso_transactions_connection_id_enterprise_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."enterprise_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_transactions" ADD CONSTRAINT "sso_transactions_sign_in_id_sign_in_attempts_id_fk" FOREIGN KEY ("sign_in_id") REFERENCES "public"."sign_in_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_transactions" ADD CONSTRAINT "sso_transactions_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_transactions" ADD CONSTRAINT "sso_transactions_verification_id_session_verifications_id_fk" FOREIGN KEY ("verification_id") REFERENCES "public"."session_verifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enterprise_connection_domains_connection_id_idx" ON "enterprise_connection_domains" USING btree ("connection_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprise_identities_connection_issuer_subject_key" ON "enterprise_identities" USING btree ("connection_id","issuer","subject");--> statement-breakpoint
CREATE INDEX "enterprise_identities_user_id_idx" ON "enterprise_identities" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sso_transactions_state_hash_key" ON "sso_transactions" USING btree ("state_hash");--> statement-breakpoint
CREATE INDEX "sso_transactions_expires_at_idx" ON "sso_transactions" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_enterprise_connection_id_enterprise_connections_id_fk" FOREIGN KEY ("enterprise_connection_id") REFERENCES "public"."enterprise_connections"("id") ON DELETE set null ON UPDATE no action;
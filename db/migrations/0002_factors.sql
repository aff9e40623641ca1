CREATE TYPE "public"."code_channel" AS ENUM('email', 'sms');--> statement-breakpoint
CREATE TYPE "public"."code_purpose" AS ENUM('sign_in_first_factor', 'sign_in_second_factor', 'sign_up', 'verify_email', 'verify_phone');--> statement-breakpoint
CREATE TYPE "public"."first_factor_strategy" AS ENUM('password', 'email_code', 'phone_code', 'passkey');--> statement-breakpoint
CREATE TYPE "public"."identifier_kind" AS ENUM('email_address', 'phone_number');--> statement-breakpoint
CREATE TYPE "public"."sign_in_status" AS ENUM('needs_first_factor', 'needs_second_factor', 'complete', 'abandoned');--> statement-breakpoint
CREATE TYPE "public"."sign_up_status" AS ENUM('needs_verification', 'complete', 'abandoned');--> statement-breakpoint
CREATE TYPE "public"."webauthn_ceremony" AS ENUM('registration', 'authentication');--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'password_changed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'email_address_added';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'email_address_verified';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'email_address_removed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'primary_email_address_changed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'phone_number_added';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'phone_number_verified';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'phone_number_removed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'sms_second_factor_enabled';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'sms_second_factor_disabled';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'totp_enabled';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'totp_removed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'backup_codes_regenerated';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'passkey_added';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'passkey_renamed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'passkey_removed';--> statement-breakpoint
ALTER TYPE "public"."transition_reason" ADD VALUE 'factors_changed' BEFORE 'user_banned';--> statement-breakpoint
CREATE TABLE "backup_codes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "backup_codes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"code_hash" text NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"channel" "code_channel" NOT NULL,
	"recipient" text NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "passkeys" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"credential_id" text NOT NULL,
	"public_key" text NOT NULL,
	"counter" bigint NOT NULL,
	"transports" jsonb NOT NULL,
	"device_type" text NOT NULL,
	"backed_up" boolean NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "phone_numbers" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"phone_number" text NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"verified_at" timestamp with time zone,
	"second_factor" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"status" "sign_in_status" NOT NULL,
	"identifier_kind" "identifier_kind" NOT NULL,
	"identifier" text NOT NULL,
	"user_id" text,
	"first_factor_strategy" "first_factor_strategy",
	"first_factor_verified_at" timestamp with time zone,
	"session_id" text,
	"ip_address" text,
	"user_agent" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sign_up_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"status" "sign_up_status" NOT NULL,
	"email" text NOT NULL,
	"first_name" text,
	"last_name" text,
	"password_hash" text,
	"session_id" text,
	"ip_address" text,
	"user_agent" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "totp_credentials" (
	"user_id" text PRIMARY KEY NOT NULL,
	"secret_encrypted" text NOT NULL,
	"verified_at" timestamp with time zone,
	"last_used_step" bigint,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_codes" (
	"id" text PRIMARY KEY NOT NULL,
	"purpose" "code_purpose" NOT NULL,
	"channel" "code_channel" NOT NULL,
	"destination" text NOT NULL,
	"user_id" text,
	"sign_in_id" text,
	"sign_up_id" text,
	"identifier_id" text,
	"session_id" text,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webauthn_challenges" (
	"challenge_hash" text PRIMARY KEY NOT NULL,
	"ceremony" "webauthn_ceremony" NOT NULL,
	"user_id" text,
	"session_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "email_addresses_email_key";--> statement-breakpoint
ALTER TABLE "session_events" ADD COLUMN "detail" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "failed_verification_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "backup_codes" ADD CONSTRAINT "backup_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passkeys" ADD CONSTRAINT "passkeys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_in_attempts" ADD CONSTRAINT "sign_in_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_in_attempts" ADD CONSTRAINT "sign_in_attempts_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_up_attempts" ADD CONSTRAINT "sign_up_attempts_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "totp_credentials" ADD CONSTRAINT "totp_credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_codes" ADD CONSTRAINT "verification_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_codes" ADD CONSTRAINT "verification_codes_sign_in_id_sign_in_attempts_id_fk" FOREIGN KEY ("sign_in_id") REFERENCES "public"."sign_in_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_codes" ADD CONSTRAINT "verification_codes_sign_up_id_sign_up_attempts_id_fk" FOREIGN KEY ("sign_up_id") REFERENCES "public"."sign_up_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_codes" ADD CONSTRAINT "verification_codes_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webauthn_challenges" ADD CONSTRAINT "webauthn_challenges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webauthn_challenges" ADD CONSTRAINT "webauthn_challenges_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "backup_codes_user_id_idx" ON "backup_codes" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "outbox_messages_recipient_idx" ON "outbox_messages" USING btree ("recipient","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "passkeys_credential_id_key" ON "passkeys" USING btree ("credential_id");--> statement-breakpoint
CREATE INDEX "passkeys_user_id_idx" ON "passkeys" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "phone_numbers_verified_key" ON "phone_numbers" USING btree ("phone_number") WHERE "phone_numbers"."verified_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "phone_numbers_user_phone_key" ON "phone_numbers" USING btree ("user_id","phone_number");--> statement-breakpoint
CREATE INDEX "phone_numbers_user_id_idx" ON "phone_numbers" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "phone_numbers_one_primary_per_user" ON "phone_numbers" USING btree ("user_id") WHERE "phone_numbers"."is_primary";--> statement-breakpoint
CREATE INDEX "rate_limit_buckets_expires_at_idx" ON "rate_limit_buckets" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sign_in_attempts_token_hash_key" ON "sign_in_attempts" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_expires_at_idx" ON "sign_in_attempts" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sign_up_attempts_token_hash_key" ON "sign_up_attempts" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sign_up_attempts_expires_at_idx" ON "sign_up_attempts" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "verification_codes_sign_in_id_idx" ON "verification_codes" USING btree ("sign_in_id");--> statement-breakpoint
CREATE INDEX "verification_codes_sign_up_id_idx" ON "verification_codes" USING btree ("sign_up_id");--> statement-breakpoint
CREATE INDEX "verification_codes_identifier_id_idx" ON "verification_codes" USING btree ("identifier_id");--> statement-breakpoint
CREATE INDEX "verification_codes_expires_at_idx" ON "verification_codes" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "webauthn_challenges_expires_at_idx" ON "webauthn_challenges" USING btree ("expires_at");--> statement-breakpoint
-- Before this migration sign-up did not verify addresses, and every address was unique. Those
-- primary addresses have been signing their owners in, so they stay identifiers: they count as
-- verified from the day they were added. From now on only a code sent to the address verifies it.
UPDATE "email_addresses" SET "verified_at" = "created_at" WHERE "verified_at" IS NULL AND "is_primary";--> statement-breakpoint
CREATE UNIQUE INDEX "email_addresses_verified_email_key" ON "email_addresses" USING btree ("email") WHERE "email_addresses"."verified_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "email_addresses_user_email_key" ON "email_addresses" USING btree ("user_id","email");
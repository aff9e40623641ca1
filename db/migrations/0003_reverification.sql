CREATE TYPE "public"."second_factor_strategy" AS ENUM('totp', 'phone_code', 'backup_code');--> statement-breakpoint
CREATE TYPE "public"."session_verification_status" AS ENUM('needs_first_factor', 'needs_second_factor', 'complete');--> statement-breakpoint
CREATE TYPE "public"."verification_level" AS ENUM('first_factor', 'second_factor', 'multi_factor');--> statement-breakpoint
ALTER TYPE "public"."code_purpose" ADD VALUE 'reverification_first_factor';--> statement-breakpoint
ALTER TYPE "public"."code_purpose" ADD VALUE 'reverification_second_factor';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'reverified' BEFORE 'password_changed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'primary_phone_number_changed' BEFORE 'sms_second_factor_enabled';--> statement-breakpoint
CREATE TABLE "session_verifications" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"level" "verification_level" NOT NULL,
	"status" "session_verification_status" NOT NULL,
	"needs_second_factor" boolean NOT NULL,
	"first_factor_strategy" "first_factor_strategy",
	"first_factor_verified_at" timestamp with time zone,
	"second_factor_strategy" "second_factor_strategy",
	"second_factor_verified_at" timestamp with time zone,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "verification_codes" ADD COLUMN "verification_id" text;--> statement-breakpoint
ALTER TABLE "session_verifications" ADD CONSTRAINT "session_verifications_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_verifications_session_id_idx" ON "session_verifications" USING btree ("session_id","created_at");--> statement-breakpoint
ALTER TABLE "verification_codes" ADD CONSTRAINT "verification_codes_verification_id_session_verifications_id_fk" FOREIGN KEY ("verification_id") REFERENCES "public"."session_verifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "verification_codes_verification_id_idx" ON "verification_codes" USING btree ("verification_id");
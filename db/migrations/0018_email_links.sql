CREATE TYPE "public"."sent_strategy" AS ENUM('email_code', 'phone_code', 'reset_password_email_code', 'reset_password_phone_code', 'email_link');--> statement-breakpoint
ALTER TYPE "public"."first_factor_strategy" ADD VALUE 'email_link' BEFORE 'phone_code';--> statement-breakpoint
ALTER TABLE "verification_codes" ADD COLUMN "strategy" "sent_strategy";--> statement-breakpoint
UPDATE "verification_codes" SET "strategy" = (CASE
  WHEN "purpose"::text = 'sign_in_reset_password' AND "channel" = 'email' THEN 'reset_password_email_code'
  WHEN "purpose"::text = 'sign_in_reset_password' THEN 'reset_password_phone_code'
  WHEN "channel" = 'email' THEN 'email_code'
  ELSE 'phone_code'
END)::"sent_strategy";--> statement-breakpoint
ALTER TABLE "verification_codes" ALTER COLUMN "strategy" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "verification_codes" ADD COLUMN "redirect_url" text;--> statement-breakpoint
ALTER TABLE "verification_codes" ADD COLUMN "verified_from_same_client" boolean;--> statement-breakpoint
CREATE UNIQUE INDEX "verification_codes_link_hash_key" ON "verification_codes" USING btree ("code_hash") WHERE "verification_codes"."strategy" = 'email_link';
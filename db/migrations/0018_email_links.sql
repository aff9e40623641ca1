CREATE TYPE "public"."sent_strategy" AS ENUM('email_code', 'phone_code', 'email_link');--> statement-breakpoint
ALTER TYPE "public"."first_factor_strategy" ADD VALUE 'email_link' BEFORE 'phone_code';--> statement-breakpoint
ALTER TABLE "verification_codes" ADD COLUMN "strategy" "sent_strategy";--> statement-breakpoint
UPDATE "verification_codes" SET "strategy" = CASE "channel" WHEN 'email' THEN 'email_code'::"sent_strategy" ELSE 'phone_code'::"sent_strategy" END;--> statement-breakpoint
ALTER TABLE "verification_codes" ALTER COLUMN "strategy" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "verification_codes" ADD COLUMN "redirect_url" text;--> statement-breakpoint
ALTER TABLE "verification_codes" ADD COLUMN "verified_from_same_client" boolean;--> statement-breakpoint
CREATE UNIQUE INDEX "verification_codes_link_hash_key" ON "verification_codes" USING btree ("code_hash") WHERE "verification_codes"."strategy" = 'email_link';
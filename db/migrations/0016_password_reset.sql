ALTER TYPE "public"."code_purpose" ADD VALUE 'sign_in_reset_password' BEFORE 'sign_in_second_factor';--> statement-breakpoint
ALTER TYPE "public"."first_factor_strategy" ADD VALUE 'reset_password_email_code';--> statement-breakpoint
ALTER TYPE "public"."first_factor_strategy" ADD VALUE 'reset_password_phone_code';--> statement-breakpoint
ALTER TYPE "public"."sign_in_status" ADD VALUE 'needs_new_password' BEFORE 'needs_second_factor';--> statement-breakpoint
ALTER TABLE "sign_in_attempts" ADD COLUMN "new_password_hash" text;--> statement-breakpoint
ALTER TABLE "sign_in_attempts" ADD COLUMN "sign_out_of_other_sessions" boolean;
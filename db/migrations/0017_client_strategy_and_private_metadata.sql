ALTER TABLE "clients" ADD COLUMN "last_authentication_strategy" "first_factor_strategy";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "private_metadata" jsonb DEFAULT '{}'::jsonb NOT NULL;
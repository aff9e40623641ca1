CREATE TYPE "public"."device_type" AS ENUM('desktop', 'mobile', 'tablet', 'unknown');--> statement-breakpoint
DROP INDEX "session_events_created_at_idx";--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "device_browser" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "device_os" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "device_type" "device_type";--> statement-breakpoint
CREATE INDEX "sessions_user_id_last_active_at_idx" ON "sessions" USING btree ("user_id","last_active_at","id");--> statement-breakpoint
CREATE INDEX "sessions_last_active_at_idx" ON "sessions" USING btree ("last_active_at","id");--> statement-breakpoint
CREATE INDEX "sessions_device_unread_idx" ON "sessions" USING btree ("id") WHERE "sessions"."device_type" is null and "sessions"."user_agent" is not null;--> statement-breakpoint
CREATE INDEX "users_created_at_idx" ON "users" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "session_events_created_at_idx" ON "session_events" USING btree ("created_at","id");--> statement-breakpoint
-- Backfill: a session without a User-Agent has nothing to read. Rows with one are read in TypeScript (bowser)
-- by the sweeper's 'session_devices' step, a batch at a time, through sessions_device_unread_idx; until then
-- they show as an unknown device.
UPDATE "sessions" SET "device_type" = 'unknown' WHERE "user_agent" IS NULL;

ALTER TYPE "public"."session_event_type" ADD VALUE 'profile_updated' BEFORE 'sign_in_failed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'profile_image_set' BEFORE 'sign_in_failed';--> statement-breakpoint
ALTER TYPE "public"."session_event_type" ADD VALUE 'profile_image_removed' BEFORE 'sign_in_failed';--> statement-breakpoint
CREATE TABLE "profile_images" (
	"user_id" text PRIMARY KEY NOT NULL,
	"digest" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "image_digest" text;--> statement-breakpoint
ALTER TABLE "profile_images" ADD CONSTRAINT "profile_images_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
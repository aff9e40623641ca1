-- Keys made before publish-in-advance signed from the moment they were made.
ALTER TABLE "signing_keys" ADD COLUMN "signs_from" timestamp with time zone;--> statement-breakpoint
UPDATE "signing_keys" SET "signs_from" = "created_at";--> statement-breakpoint
ALTER TABLE "signing_keys" ALTER COLUMN "signs_from" SET NOT NULL;

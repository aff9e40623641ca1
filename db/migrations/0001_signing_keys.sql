CREATE TYPE "public"."signing_algorithm" AS ENUM('RS256', 'ES256', 'EdDSA');--> statement-breakpoint
CREATE TYPE "public"."signing_key_status" AS ENUM('active', 'retiring', 'revoked');--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"algorithm" "signing_algorithm" NOT NULL,
	"status" "signing_key_status" NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_key_encrypted" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "signing_keys_one_active" ON "signing_keys" USING btree ("status") WHERE "signing_keys"."status" = 'active';
-- Better Auth's four core tables, as drizzle-kit would create them from schema.mjs (the schema
-- `@better-auth/cli generate` writes for the Drizzle adapter on pg). Idempotent.

create table if not exists "user" (
  "id" text primary key not null,
  "name" text not null,
  "email" text not null,
  "email_verified" boolean default false not null,
  "image" text,
  "created_at" timestamp default now() not null,
  "updated_at" timestamp default now() not null,
  constraint "user_email_unique" unique ("email")
);

create table if not exists "session" (
  "id" text primary key not null,
  "expires_at" timestamp not null,
  "token" text not null,
  "created_at" timestamp default now() not null,
  "updated_at" timestamp not null,
  "ip_address" text,
  "user_agent" text,
  "user_id" text not null,
  constraint "session_token_unique" unique ("token"),
  constraint "session_user_id_user_id_fk" foreign key ("user_id") references "user" ("id") on delete cascade
);

create table if not exists "account" (
  "id" text primary key not null,
  "account_id" text not null,
  "provider_id" text not null,
  "user_id" text not null,
  "access_token" text,
  "refresh_token" text,
  "id_token" text,
  "access_token_expires_at" timestamp,
  "refresh_token_expires_at" timestamp,
  "scope" text,
  "password" text,
  "created_at" timestamp default now() not null,
  "updated_at" timestamp not null,
  constraint "account_user_id_user_id_fk" foreign key ("user_id") references "user" ("id") on delete cascade
);

create table if not exists "verification" (
  "id" text primary key not null,
  "identifier" text not null,
  "value" text not null,
  "expires_at" timestamp not null,
  "created_at" timestamp default now() not null,
  "updated_at" timestamp default now() not null
);

create index if not exists "session_userId_idx" on "session" using btree ("user_id");
create index if not exists "account_userId_idx" on "account" using btree ("user_id");
create index if not exists "verification_identifier_idx" on "verification" using btree ("identifier");

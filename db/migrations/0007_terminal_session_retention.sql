ALTER TABLE "session_events" DROP CONSTRAINT "session_events_session_id_sessions_id_fk";
--> statement-breakpoint
CREATE INDEX "actor_tokens_session_id_idx" ON "actor_tokens" USING btree ("session_id") WHERE "actor_tokens"."session_id" is not null;--> statement-breakpoint
CREATE INDEX "clients_last_active_session_id_idx" ON "clients" USING btree ("last_active_session_id") WHERE "clients"."last_active_session_id" is not null;--> statement-breakpoint
CREATE INDEX "outbox_messages_created_at_idx" ON "outbox_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sessions_ended_at_idx" ON "sessions" USING btree ("ended_at") WHERE "sessions"."ended_at" is not null;--> statement-breakpoint
CREATE INDEX "sign_in_attempts_session_id_idx" ON "sign_in_attempts" USING btree ("session_id") WHERE "sign_in_attempts"."session_id" is not null;--> statement-breakpoint
CREATE INDEX "sign_up_attempts_session_id_idx" ON "sign_up_attempts" USING btree ("session_id") WHERE "sign_up_attempts"."session_id" is not null;--> statement-breakpoint
CREATE INDEX "sso_transactions_sign_in_id_idx" ON "sso_transactions" USING btree ("sign_in_id") WHERE "sso_transactions"."sign_in_id" is not null;--> statement-breakpoint
CREATE INDEX "sso_transactions_session_id_idx" ON "sso_transactions" USING btree ("session_id") WHERE "sso_transactions"."session_id" is not null;--> statement-breakpoint
CREATE INDEX "sso_transactions_verification_id_idx" ON "sso_transactions" USING btree ("verification_id") WHERE "sso_transactions"."verification_id" is not null;--> statement-breakpoint
CREATE INDEX "verification_codes_session_id_idx" ON "verification_codes" USING btree ("session_id") WHERE "verification_codes"."session_id" is not null;--> statement-breakpoint
CREATE INDEX "webauthn_challenges_session_id_idx" ON "webauthn_challenges" USING btree ("session_id") WHERE "webauthn_challenges"."session_id" is not null;
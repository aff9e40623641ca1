/**
 * The environment, validated once. Production refuses to start without its secrets; development
 * generates a secret on first run and keeps it under `.data/` so restarts keep working.
 */

import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import * as z from 'zod'

const SECRET_MIN_BYTES = 32
const DEV_SECRET_FILE = '.data/dev-secret'

const base64urlBytes = (value: string) => Buffer.from(value, 'base64url').length

/** A TESSERA_SECRET: at least SECRET_MIN_BYTES bytes, base64url. */
const secretSchema = z
  .string()
  .refine(
    (value) => base64urlBytes(value) >= SECRET_MIN_BYTES,
    `must encode at least ${SECRET_MIN_BYTES} bytes (base64url)`,
  )

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** postgres:// URL. When absent, the embedded PGlite database is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** PGlite data folder when DATABASE_URL is absent. */
  PGLITE_DIR: z.string().min(1).optional(),
  /** The public origin of the app (https://example.com). Required in production: CSRF checks and cookie security follow it. */
  APP_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * ≥ 32 random bytes, base64url. Keys derived from it seal what the server must read back (signing
   * keys, TOTP, webhook and OIDC client secrets) and key the one-time-code hashes (secret-box.server.ts).
   */
  TESSERA_SECRET: secretSchema.optional(),
  /**
   * Secrets TESSERA_SECRET replaced (a rotation, ADR 025), separated by commas or white space, each
   * like TESSERA_SECRET: what they sealed still opens, and is re-sealed under TESSERA_SECRET at
   * start-up; nothing new is sealed with them.
   */
  TESSERA_SECRET_PREVIOUS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(/[\s,]+/).filter((secret) => secret.length > 0))
    .pipe(z.array(secretSchema)),
  /** Enables the testing API (/api/testing/*) for this token. Never set it on a real deployment. */
  TESSERA_TESTING_TOKEN: z.string().min(32).optional(),
  /** How many reverse proxies in front of the app append to X-Forwarded-For (0: ignore the header). */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Email delivery over SMTP (smtp:// or smtps://, with credentials in the URL). Without it, the outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The From header of every email (default: "<appName> <no-reply@<APP_URL host>>"). */
  EMAIL_FROM: z.string().min(3).max(200).optional(),
  /** SMS delivery: codes are POSTed as JSON to this URL (your SMS gateway's bridge). Without it, the outbox. */
  SMS_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Signs SMS webhook requests (HMAC-SHA-256 in X-Tessera-Signature); required with SMS_WEBHOOK_URL. */
  SMS_WEBHOOK_SECRET: z.string().min(32).optional(),
  /**
   * A JSON file whose settings override app.config.ts, key by key (arrays replace): one build,
   * deployed with different settings (a stricter staging instance, the e2e "strict" instance).
   */
  TESSERA_CONFIG: z.string().min(1).optional(),
  /** Admission control (ADR 028): requests one process works on at once (default ADMISSION_MAX_IN_FLIGHT). */
  TESSERA_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).optional(),
  /** …and how many more may wait for a place (default ADMISSION_QUEUE_LENGTH; 0: refuse at once). */
  TESSERA_ADMISSION_QUEUE: z.coerce.number().int().min(0).max(100_000).optional(),
  /** Social sign-in client secrets (ADR 034): a provider enabled in app.config.ts is offered only with its own. */
  OAUTH_GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  OAUTH_GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  OAUTH_MICROSOFT_CLIENT_SECRET: z.string().min(1).optional(),
  /** Set to 0 to skip migrating at start-up (then run `npm run db:migrate` yourself). */
  DB_AUTO_MIGRATE: z.enum(['0', '1']).default('1'),
})

export type Env = z.output<typeof envSchema> & { TESSERA_SECRET: string; appOrigin: string | null }

export class EnvError extends Error {
  override readonly name = 'EnvError'
}

function developmentSecret(): string {
  try {
    return readFileSync(DEV_SECRET_FILE, 'utf8').trim()
  } catch {
    const secret = randomBytes(SECRET_MIN_BYTES).toString('base64url')
    mkdirSync(path.dirname(DEV_SECRET_FILE), { recursive: true })
    writeFileSync(DEV_SECRET_FILE, `${secret}\n`, { mode: 0o600 })
    return secret
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source)
  if (!result.success) throw new EnvError(`Invalid environment:\n${z.prettifyError(result.error)}`)
  const env = result.data
  if (env.SMS_WEBHOOK_URL && !env.SMS_WEBHOOK_SECRET) {
    throw new EnvError('Invalid environment:\n  SMS_WEBHOOK_SECRET (32+ characters) is required with SMS_WEBHOOK_URL.')
  }
  if (env.NODE_ENV === 'production') {
    const missing = (['APP_URL', 'TESSERA_SECRET'] as const).filter((name) => !env[name])
    if (missing.length > 0) {
      throw new EnvError(
        `Missing required environment in production: ${missing.join(', ')}.\n` +
          '  APP_URL is the public origin (https://example.com).\n' +
          "  TESSERA_SECRET is 32+ random bytes: node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"",
      )
    }
  }
  return {
    ...env,
    TESSERA_SECRET: env.TESSERA_SECRET ?? developmentSecret(),
    appOrigin: env.APP_URL ? new URL(env.APP_URL).origin : null,
  }
}

let cached: Env | undefined

/** The validated environment of this process. Throws `EnvError` with every problem listed. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}

/**
 * Every time limit and size limit of the session system, in one place, each with its unit in its
 * name and the reason it has this value. Instance-configurable values live in `app.config.ts`;
 * these are their defaults and the fixed limits around them.
 */

const MINUTE_SECONDS = 60
const HOUR_SECONDS = 60 * MINUTE_SECONDS
const DAY_SECONDS = 24 * HOUR_SECONDS

/** 256-bit client token: ASVS 7.2.3 asks for ≥ 128 bits from a CSPRNG. */
export const CLIENT_TOKEN_BYTES = 32

/** Random part of public ids (`sess_…`, `user_…`): not secrets, but unguessable (128 bits). */
export const PUBLIC_ID_BYTES = 16

/** 256-bit instance secret keys for the Backend API (`sk_live_…`), like the client token. */
export const SECRET_KEY_BYTES = 32
/** A secret key's name (what it is for), as shown in the console and the CLI. */
export const SECRET_KEY_NAME_MAX_LENGTH = 100
/**
 * Refused secret keys one address may present per window before every further try is 429: a flood
 * of bad keys costs one counter row per address, never a ledger row.
 */
export const SECRET_KEY_FAILURES_PER_IP = 20
export const SECRET_KEY_FAILURES_PER_IP_WINDOW_SECONDS = 5 * MINUTE_SECONDS
/**
 * Backend API requests one secret key may make per window (the reference's allowance for a
 * production instance: https://clerk.com/docs/guides/how-clerk-works/system-limits); past it, 429
 * with `Retry-After`. A leaked or runaway key cannot take the whole instance's capacity.
 */
export const SECRET_KEY_REQUESTS_PER_KEY = 1000
export const SECRET_KEY_REQUESTS_PER_KEY_WINDOW_SECONDS = 10
/** A key's `last_used_at` is written at most this often (a busy backend would write on every call). */
export const SECRET_KEY_USE_WRITE_THROTTLE_SECONDS = 60
/** Backend API lists: the reference's default page, and the most one page returns. */
export const BACKEND_API_DEFAULT_LIMIT = 10
export const BACKEND_API_MAX_LIMIT = 500

/** Browsers cap cookie lifetimes at 400 days (Chrome); the client cookie asks for no more. */
export const CLIENT_COOKIE_MAX_AGE_SECONDS = 400 * DAY_SECONDS

/**
 * A session whose maximum lifetime is switched off still ends when its client cookie can no longer
 * exist, so `expireAt` is always a real date.
 */
export const SESSION_LIFETIME_CEILING_SECONDS = CLIENT_COOKIE_MAX_AGE_SECONDS

/** The hosted service's default absolute lifetime ("standard" profile; docs/reference.md#lifetimes). */
export const STANDARD_MAX_LIFETIME_SECONDS = 7 * DAY_SECONDS
/** NIST SP 800-63B-4 AAL2: overall ≤ 24 h, inactivity ≤ 1 h. */
export const AAL2_MAX_LIFETIME_SECONDS = 24 * HOUR_SECONDS
export const AAL2_INACTIVITY_TIMEOUT_SECONDS = 1 * HOUR_SECONDS
/** NIST SP 800-63B-4 AAL3: overall ≤ 12 h, inactivity ≤ 15 min. */
export const AAL3_MAX_LIFETIME_SECONDS = 12 * HOUR_SECONDS
export const AAL3_INACTIVITY_TIMEOUT_SECONDS = 15 * MINUTE_SECONDS

/** Impersonation sessions: never extended past these (docs/reference.md#impersonation-and-agents). */
export const IMPERSONATION_MAX_LIFETIME_SECONDS = 30 * MINUTE_SECONDS
export const IMPERSONATION_INACTIVITY_TIMEOUT_SECONDS = 10 * MINUTE_SECONDS

/**
 * Activity (touch, token mint) moves `lastActiveAt` at most this often per session, so a storm of
 * focus events does not write on every event. Small against the shortest inactivity timeout
 * (15 min), so sliding stays accurate to within 2 %.
 */
export const ACTIVITY_WRITE_THROTTLE_SECONDS = 15

/** The browser touches on focus at most this often (the reference throttles focus touches to 5 s). */
export const FOCUS_TOUCH_MIN_INTERVAL_SECONDS = 5

/**
 * At most 5 signed-in sessions per client by default (docs/reference.md#lifetimes; ASVS 7.1.2 asks
 * for a documented number).
 */
export const DEFAULT_MAX_SESSIONS_PER_CLIENT = 5
/** Upper bound for the configurable limit: keeps the client's state small and its cookie-free. */
export const MAX_SESSIONS_PER_CLIENT_CEILING = 20

/** NIST SP 800-63B-4 §3.1.1.2: ≥ 8 characters when the password is part of MFA. */
export const PASSWORD_MIN_LENGTH = 8
/** NIST SP 800-63B-4 §3.1.1.2: ≥ 15 characters when the password is the only factor. */
export const PASSWORD_SINGLE_FACTOR_MIN_LENGTH = 15
/** ASVS 6.2.9 asks that ≥ 64 be accepted; 256 bounds the hashing cost. Counted in code points. */
export const PASSWORD_MAX_LENGTH = 256

/** RFC 5321: a forward path is at most 256 octets including the angle brackets. */
export const EMAIL_MAX_LENGTH = 254
export const NAME_MAX_LENGTH = 100
/** What a person types to sign in (an email address or a phone number, as they write it). */
export const IDENTIFIER_MAX_LENGTH = 320

/** A `redirect_url` longer than this is refused rather than truncated. */
export const REDIRECT_URL_MAX_LENGTH = 2048

/** `/health/ready` reports the database unavailable when it does not answer `select 1` within this. */
export const HEALTH_CHECK_TIMEOUT_SECONDS = 2
/**
 * postgres-js waits before reconnecting after a failed connection, and a query meanwhile waits
 * with it. Its default backoff grows to 20 s, so a 5 s outage held requests for up to 20 s and the
 * pool took as long to recover (REL-01, REL-07: 503 or an answer within 3 s, healthy within 5 s of
 * the database returning). Capped here, a request during an outage fails fast as 503.
 */
export const DB_RECONNECT_BACKOFF_MAX_SECONDS = 0.5
/**
 * security.md REL-07 (pool 10, connection timeout 2 s, every request answered or 503 within 3 s):
 * opening a connection (TCP and the Postgres handshake) gives up after this long…
 */
export const DB_CONNECT_TIMEOUT_SECONDS = 2
/**
 * …and so does any one statement, including its wait for a pooled connection (db/query-deadline.ts).
 * Without it, a saturated pool or a database whose packets vanish (a partition rather than a
 * refusal) held requests without limit. Tessera's statements take milliseconds; 2 s is an outage.
 */
export const DB_QUERY_TIMEOUT_SECONDS = 2

/**
 * The sweeper's unit of work: bounded so a backlog never holds long locks (security.md REL-06: ≤ 5k).
 * The costliest batch, deleting long-ended sessions (eight tables reference a session), took
 * ~0.3 s for 2,000 rows on a loaded 2-core machine: far inside DB_QUERY_TIMEOUT_SECONDS, which the
 * server's statements run under. 5,000 would be ~0.8 s there; 1,000 swept half as fast.
 */
export const SWEEP_BATCH_SIZE = 2000
/** How often the in-server sweeper runs. Reads never depend on it: expiry is evaluated lazily. */
export const SWEEP_INTERVAL_SECONDS = 60
/** After a run that left a backlog, the next one starts this soon instead (security.md REL-06). */
export const SWEEP_BACKLOG_PAUSE_SECONDS = 1
/**
 * Sessions that stopped being signed in (ended, expired, removed, replaced, revoked, abandoned) are
 * deleted this long after they ended (security.md REL-06); until then they stay in the client's
 * list and the devices history. Their ledger entries are kept: the audit trail outlives the row.
 */
export const TERMINAL_SESSION_RETENTION_SECONDS = 30 * DAY_SECONDS

/**
 * Organization invitations and actor tokens (impersonation and agent links) are deleted this long
 * after they expire, whether used, revoked or left (security.md REL-06): until then lists can still
 * show recent ones. A session a link started keeps its actor; the ledger keeps the history.
 */
export const EXPIRED_LINK_RETENTION_SECONDS = 30 * DAY_SECONDS

/** The client's session list (the /sessions page, the account switcher) shows at most this many. */
export const CLIENT_SESSIONS_LISTED = 25
/** Sessions per page of a user's devices list (keyset pagination: every page costs the same). */
export const DEVICES_PAGE_SIZE = 50

/** Server-function request bodies larger than this are refused before parsing (inputs are small forms). */
export const SERVER_FN_MAX_BODY_BYTES = 64 * 1024
/**
 * A server route's JSON body, unless the route sets its own limit (ADR 021); a route without a
 * body takes none. Larger bodies get 413 before any authentication, database or parsing work.
 */
export const SERVER_ROUTE_MAX_BODY_BYTES = 16 * 1024
/**
 * After a 413, what the client still sends is read and discarded for at most this long before the
 * connection is cut, so the answer reaches it first (RFC 9112 §9.6, "lingering close").
 */
export const REFUSED_BODY_LINGER_SECONDS = 2
/**
 * Admission control (ADR 028): a process works on at most this many requests at once. Node runs one
 * request's JavaScript at a time, so more in flight only adds waiting for the CPU and the database
 * pool while each request holds its memory; 64 keeps both cores and the pool (10) busy while a
 * request waits on the database.
 */
export const ADMISSION_MAX_IN_FLIGHT = 64
/** Requests beyond ADMISSION_MAX_IN_FLIGHT wait in a queue this long at most; more are refused at once. */
export const ADMISSION_QUEUE_LENGTH = 256
/**
 * How long a request waits for a place before it is refused (503 `server_busy`): the bound on what
 * overload adds to a request's latency, so p99 stays bounded instead of growing with the backlog.
 */
export const ADMISSION_QUEUE_WAIT_SECONDS = 1
/** The Retry-After of a request refused for overload. */
export const ADMISSION_RETRY_AFTER_SECONDS = 1

/** Session JWTs live one minute (the reference's lifetime); verifiers allow 5 s of clock skew. */
export const SESSION_TOKEN_LIFETIME_SECONDS = 60
export const TOKEN_CLOCK_SKEW_SECONDS = 5
/**
 * The app clock decides every expiry (ADR 019); NTP keeps app and database hosts together. Readiness
 * (`/health/ready`) reports the instance unavailable when the database's clock is further than this
 * from the app's: past the tokens' leeway, instances would start refusing each other's tokens.
 */
export const CLOCK_SKEW_MAX_SECONDS = TOKEN_CLOCK_SKEW_SECONDS
/** A skewed instance waits for NTP (or an operator), not for a reconnect: its Retry-After. */
export const CLOCK_SKEW_RETRY_AFTER_SECONDS = 30
/** A JWT-only check may honour a revoked session until exp + skew: at most this long. */
export const TOKEN_REVOCATION_DELAY_SECONDS = SESSION_TOKEN_LIFETIME_SECONDS + TOKEN_CLOCK_SKEW_SECONDS
/** Tokens longer than this are refused before any parsing (cookies must stay under 4 KB anyway). */
export const TOKEN_MAX_BYTES = 8 * 1024
/** The browser refreshes a token this long before it expires. */
export const TOKEN_REFRESH_BEFORE_EXPIRY_SECONDS = 15
/** A cached token with less than this left is treated as expired (the reference uses 5 s). */
export const TOKEN_MIN_REMAINING_SECONDS = 5
/** External verifiers may cache the JWKS this long (its Cache-Control max-age). */
export const JWKS_MAX_AGE_SECONDS = 300
/**
 * security.md §4.1 step 1, "publish in advance": a rotation publishes the new key at once but it
 * signs only this long afterwards; the old key signs until then. Each server switches by itself at
 * that moment (the key's `signs_from`, compared with its own clock); no second command is needed.
 * At least the longest cache of the JWKS a verifier may hold: our JWKS says max-age=300, and a
 * shared cache (a CDN or proxy in front of the JWKS) may hand out a copy that is already up to
 * max-age old to a verifier that then keeps it for another max-age if it ignores `Age`: twice the
 * max-age bounds that, 10 min. A verifier that caches longer regardless of Cache-Control (Clerk's
 * SDK defaults `jwksCacheTtlInMs` to 1 h) refetches on an unknown `kid`; for one that does not, the
 * operator can wait longer (`npm run keys:rotate -- --publish-ahead <seconds>`). Our own servers
 * re-read the keys every SIGNING_KEYS_REFRESH_SECONDS, so they all hold the new key long before it
 * signs.
 */
export const SIGNING_KEY_PUBLISH_AHEAD_SECONDS = 2 * JWKS_MAX_AGE_SECONDS
/**
 * A rotated-out key stays published, and verifying, this long after it stops signing (§4.1 step 3:
 * token lifetime + leeway + the JWKS cache), counted from its successor's `signs_from`, not from the
 * rotation command: so every token it signed expires first, however long the key was published ahead.
 */
export const KEY_RETIREMENT_OVERLAP_SECONDS =
  SESSION_TOKEN_LIFETIME_SECONDS + TOKEN_CLOCK_SKEW_SECONDS + JWKS_MAX_AGE_SECONDS
/** How often a server re-reads the signing keys, so a rotation done elsewhere is picked up. */
export const SIGNING_KEYS_REFRESH_SECONDS = 30
/**
 * security.md §4.1 step 5 and JWT-R2: a token naming a `kid` the server does not hold makes it
 * re-read the keys at most once per this long; other unknown `kid`s meanwhile are refused
 * (`token_key_unknown`) without touching the database, so a flood of made-up `kid`s costs at most
 * one query per 30 s. It never delays a normal rotation: with publish in advance our servers learn
 * the new key from their periodic re-read (SIGNING_KEYS_REFRESH_SECONDS) some 9 minutes before it
 * signs. Only an immediate switch (`revoke`, `rotate --now`) relies on the unknown-`kid` re-read, and
 * there a flood can hold a new key back for at most this long, no longer than the periodic re-read.
 */
export const SIGNING_KEYS_UNKNOWN_KID_COOLDOWN_SECONDS = 30
/**
 * While the database is unreachable, a server keeps verifying with the keys it last read, for at
 * most this long, so JWT-only checks survive an outage (security.md REL-01). No weaker than what
 * external verifiers already do: they may cache the JWKS for JWKS_MAX_AGE_SECONDS.
 */
export const SIGNING_KEYS_OUTAGE_GRACE_SECONDS = JWKS_MAX_AGE_SECONDS
/**
 * New RSA signing keys are 2048 bits unless the instance sets `tokens.rsaModulusBits` (ADR 026): the
 * size the reference and the large hosted identity providers use, and the only one the reference
 * SDK's networkless verifier (`verifyToken({ jwtKey })`) can read. That is 112-bit security, below
 * ASVS 11.2.3's 128 bits (docs/security.md); 3072 or 4096 meet it, as do ES256 and EdDSA.
 */
export const DEFAULT_RSA_MODULUS_BITS = 2048
/** The smallest RSA modulus a stored key may have to sign or verify (NIST SP 800-57: 112-bit security). */
export const MIN_RSA_MODULUS_BITS = 2048

/** Reverification presets (docs/reference.md#reverification): how recent, in minutes, the required factors must be. */
export const REVERIFICATION_STRICT_MINUTES = 10
export const REVERIFICATION_MODERATE_MINUTES = 60
export const REVERIFICATION_LAX_MINUTES = 24 * 60
/** A custom `afterMinutes` must be below this (the reference's documented range is 1 ≤ n < 99 999). */
export const REVERIFICATION_AFTER_MINUTES_LIMIT = 99_999

// ---------------------------------------------------------------------------------------------
// Factors: one-time codes, TOTP, backup codes, passkeys, and the limits around them.

/** NIST SP 800-63B-4 §3.1.3: out-of-band codes have at least 6 digits from a CSPRNG. */
export const ONE_TIME_CODE_DIGITS = 6
/** NIST SP 800-63B-4 §3.1.3 and the reference: a code is valid for at most 10 minutes. */
export const ONE_TIME_CODE_TTL_SECONDS = 10 * MINUTE_SECONDS
/** At most 5 wrong tries per code; the code is dead after that (docs/reference.md#factors-codes-and-lockout). */
export const ONE_TIME_CODE_MAX_ATTEMPTS = 5
/** A new code no sooner than 30 s after the last, as the reference's prebuilt UI waits (docs/reference.md). */
export const CODE_RESEND_COOLDOWN_SECONDS = 30

/**
 * An email link (`email_link`) works for as long as a code would (the reference's default), once.
 * Its token is 256 random bits, so no per-link try count is needed: nothing can be guessed.
 */
export const EMAIL_LINK_TTL_SECONDS = 10 * MINUTE_SECONDS
/** How often the tab waiting for its email link to be opened asks whether it has been (the reference polls too). */
export const EMAIL_LINK_POLL_INTERVAL_SECONDS = 2

/** A half-finished sign-in or sign-up lives as long as its code would (the reference's 10 min). */
export const SIGN_IN_ATTEMPT_TTL_SECONDS = 10 * MINUTE_SECONDS

/** RFC 6238: 30 s steps, 6 digits, HMAC-SHA1 with a 160-bit secret (what authenticator apps expect). */
export const TOTP_PERIOD_SECONDS = 30
export const TOTP_DIGITS = 6
export const TOTP_SECRET_BYTES = 20
/** RFC 6238 §5.2: accept one step of drift either way (t − 1, t, t + 1), never more. */
export const TOTP_WINDOW_STEPS = 1
/** An authenticator app being set up must be confirmed with a code within this time. */
export const TOTP_ENROLLMENT_TTL_SECONDS = 10 * MINUTE_SECONDS

/** security.md §0: 10 backup codes per set, each at least 64 bits (13 Crockford base32 characters = 65 bits). */
export const BACKUP_CODE_COUNT = 10
export const BACKUP_CODE_LENGTH = 13

/** security.md §0: WebAuthn challenges are 32 bytes, valid 5 minutes, consumed exactly once. */
export const WEBAUTHN_CHALLENGE_BYTES = 32
export const WEBAUTHN_CHALLENGE_TTL_SECONDS = 5 * MINUTE_SECONDS
/** How long the browser's WebAuthn ceremony may take (the options' `timeout`). */
export const WEBAUTHN_CEREMONY_TIMEOUT_SECONDS = 2 * MINUTE_SECONDS
export const PASSKEY_NAME_MAX_LENGTH = 60

/**
 * The reference's default lockout (docs/reference.md#factors-codes-and-lockout): 10 consecutive
 * failures across factors lock for 1 hour.
 */
export const DEFAULT_LOCKOUT_MAX_FAILURES = 10
export const DEFAULT_LOCKOUT_DURATION_SECONDS = 1 * HOUR_SECONDS
/** The reference refuses a lockout threshold below 5; NIST allows up to 100 (§3.2.2). */
export const LOCKOUT_MAX_FAILURES_FLOOR = 5
export const LOCKOUT_MAX_FAILURES_CEILING = 100
/**
 * A wrong answer says how many tries are left before the lock once this few remain (issue 22,
 * finding 8): the same for identifiers with and without an account (docs/decisions/024-impersonation-and-lockout.md).
 */
export const LOCKOUT_WARNING_ATTEMPTS = 3
/**
 * An unknown identifier's lockout count is forgotten after a day without failures (and not while
 * locked): the table stays bounded by the identifier rate limits × a day.
 */
export const IDENTIFIER_LOCKOUT_RETENTION_SECONDS = 1 * DAY_SECONDS

/** E.164: a leading `+`, a country code that does not start with 0, at most 15 digits in all. */
export const PHONE_MIN_DIGITS = 8
export const PHONE_MAX_DIGITS = 15
/** A phone number as typed, spaces, dashes and parentheses included. */
export const PHONE_INPUT_MAX_LENGTH = 64

/** Users may hold this many email addresses and phone numbers each (bounds a user's rows and sends). */
export const MAX_IDENTIFIERS_PER_KIND = 10
/** And this many passkeys. */
export const MAX_PASSKEYS_PER_USER = 20

/** The development outbox keeps this many messages (older ones are swept). */
export const OUTBOX_RETENTION_SECONDS = 1 * DAY_SECONDS

/**
 * Rate limits (fixed windows, counted in Postgres so every app process shares them). Defaults for
 * app.config.ts; per IP they sit above the reference's FAPI burst limits (3 attempts / 10 s) so a
 * household behind one address is not locked out, while lockout stops guessing at one account.
 */
export const SIGN_IN_ATTEMPTS_PER_IP = 30
export const SIGN_IN_ATTEMPTS_PER_IP_WINDOW_SECONDS = 1 * MINUTE_SECONDS
export const SIGN_IN_ATTEMPTS_PER_IDENTIFIER = 20
export const SIGN_IN_ATTEMPTS_PER_IDENTIFIER_WINDOW_SECONDS = 10 * MINUTE_SECONDS
/**
 * Sign-ins started (the identifier step), counted like the factor attempts that follow them: each
 * start writes an attempt row, and 1,500 starts from one address in 6 s once wrote 1,500 rows.
 */
export const SIGN_IN_STARTS_PER_IP = SIGN_IN_ATTEMPTS_PER_IP
export const SIGN_IN_STARTS_PER_IP_WINDOW_SECONDS = SIGN_IN_ATTEMPTS_PER_IP_WINDOW_SECONDS
export const SIGN_IN_STARTS_PER_IDENTIFIER = SIGN_IN_ATTEMPTS_PER_IDENTIFIER
export const SIGN_IN_STARTS_PER_IDENTIFIER_WINDOW_SECONDS = SIGN_IN_ATTEMPTS_PER_IDENTIFIER_WINDOW_SECONDS
/**
 * Sign-ins one address holds open (before a first factor, or given up) besides those it started
 * within the last rate-limit window: past this, its oldest make way for a new one. The last
 * window's are left alone, so a burst of password sign-ins in flight all finish; an address holds
 * at most this many plus twice SIGN_IN_STARTS_PER_IP (the windows are fixed), however long it
 * keeps starting.
 */
export const MAX_OPEN_SIGN_INS_PER_IP = 20
/** security.md §0: at most 10 codes per hour to one address or number. */
export const CODE_SENDS_PER_IDENTIFIER = 10
export const CODE_SENDS_PER_IDENTIFIER_WINDOW_SECONDS = 1 * HOUR_SECONDS
export const CODE_SENDS_PER_IP = 30
export const CODE_SENDS_PER_IP_WINDOW_SECONDS = 1 * HOUR_SECONDS
export const SIGN_UPS_PER_IP = 10
export const SIGN_UPS_PER_IP_WINDOW_SECONDS = 1 * HOUR_SECONDS
/** Passkey sign-in options are asked for on every sign-in page view (autofill). */
export const PASSKEY_CHALLENGES_PER_IP = 60
export const PASSKEY_CHALLENGES_PER_IP_WINDOW_SECONDS = 1 * MINUTE_SECONDS

/** A step-up verification must be finished within this time (the reference's code lifetime). */
export const SESSION_VERIFICATION_TTL_SECONDS = 10 * MINUTE_SECONDS
/** Wrong answers one verification tolerates before it must be started again (the account lockout counts them too). */
export const SESSION_VERIFICATION_MAX_ATTEMPTS = 5

// ---------------------------------------------------------------------------------------------
// Organizations

/** security.md 6.4.1: an invitation is single use and expires after 7 days. */
export const INVITATION_TTL_SECONDS = 7 * DAY_SECONDS
/** Organizations one user may belong to (bounds the organization switcher and the membership list). */
export const DEFAULT_MAX_MEMBERSHIPS_PER_USER = 100
/** Members one organization may have, and invitations it may have outstanding. */
export const DEFAULT_MAX_MEMBERS_PER_ORGANIZATION = 500
export const MAX_PENDING_INVITATIONS_PER_ORGANIZATION = 100
export const ORGANIZATION_NAME_MAX_LENGTH = 64
export const ORGANIZATION_SLUG_MIN_LENGTH = 2
export const ORGANIZATION_SLUG_MAX_LENGTH = 48
/** Invitations one organization may send per hour (each is an email to an address the inviter chose). */
export const INVITATIONS_PER_ORGANIZATION = 50
export const INVITATIONS_PER_ORGANIZATION_WINDOW_SECONDS = 1 * HOUR_SECONDS
/**
 * The browser API's organization lists (members, invitations): the reference hooks' default page
 * size, the largest page one call returns, and the furthest offset (past any list these limits allow).
 */
export const ORGANIZATION_LIST_DEFAULT_PAGE_SIZE = 10
export const ORGANIZATION_LIST_MAX_PAGE_SIZE = 100
export const ORGANIZATION_LIST_MAX_OFFSET = 100_000
/** Rows per page on our own organization pages (members, invitations). */
export const ORGANIZATION_LIST_PAGE_SIZE = 20
/** A member search (`query`) longer than this is refused. */
export const ORGANIZATION_MEMBER_QUERY_MAX_LENGTH = 100

// ---------------------------------------------------------------------------------------------
// Administration: impersonation, agents, webhooks

/** An impersonation link must be redeemed within 5 minutes of being made (it is made to be used at once). */
export const ACTOR_TOKEN_TTL_SECONDS = 5 * MINUTE_SECONDS
/**
 * The admin's own client token is kept aside this long while they impersonate: past the longest
 * impersonation, with an hour to spare for an admin who comes back late to press "Stop".
 */
export const STASHED_CLIENT_COOKIE_MAX_AGE_SECONDS = IMPERSONATION_MAX_LIFETIME_SECONDS + 1 * HOUR_SECONDS
/** An agent link waits a little longer: it is handed to a program that may start later. */
export const AGENT_TASK_TTL_SECONDS = 15 * MINUTE_SECONDS
/** Agent sessions last 30 minutes unless asked for less, and never more than an hour (security.md VULN-09). */
export const AGENT_SESSION_DEFAULT_SECONDS = 30 * MINUTE_SECONDS
export const AGENT_SESSION_MAX_SECONDS = 1 * HOUR_SECONDS
export const AGENT_NAME_MAX_LENGTH = 60
export const ACTOR_REASON_MAX_LENGTH = 500
/** Unredeemed agent links one user may have at a time (bounds the table and what a stolen session can mint). */
export const MAX_PENDING_AGENT_TASKS_PER_USER = 20

/** Admin lists page through this many rows at a time. */
export const ADMIN_PAGE_SIZE = 50
/** The dashboard's chart: the last hour in one-minute buckets. */
export const ADMIN_CHART_WINDOW_SECONDS = 1 * HOUR_SECONDS
export const ADMIN_CHART_BUCKET_SECONDS = 1 * MINUTE_SECONDS
/** Why an admin acted (a ban, a forced reset, a removed factor): kept in the ledger, so bounded. */
export const ADMIN_REASON_MAX_LENGTH = 500
/** A search of users: longer than any email address, name or id worth looking for. */
export const ADMIN_SEARCH_MAX_LENGTH = 200
/** Revoking every session of the instance changes this many per statement (bind parameters are finite). */
export const ADMIN_REVOKE_BATCH_SIZE = 1000

/** A receiver is expected to answer at once and do its work later; one that has not answered in 10 s failed. */
export const WEBHOOK_TIMEOUT_SECONDS = 10
/** Standard Webhooks: receivers refuse a timestamp more than 5 minutes off, so it is set per attempt. */
export const WEBHOOK_SIGNATURE_TOLERANCE_SECONDS = 5 * MINUTE_SECONDS
/** Standard Webhooks secrets are 24 to 64 bytes; 32 matches the HMAC-SHA-256 block it keys. */
export const WEBHOOK_SECRET_BYTES = 32
/**
 * The delay before each retry, after the first attempt fails (Svix's schedule, shortened at the
 * start): 5 s, 30 s, 2 min, 10 min, 30 min, 2 h, 5 h, 10 h. After the last the delivery is failed
 * and can be retried by hand from the admin console.
 */
export const WEBHOOK_RETRY_DELAYS_SECONDS = [5, 30, 120, 600, 1800, 7200, 18_000, 36_000] as const
/**
 * A delivery being sent is leased for this long per round of WEBHOOK_CONCURRENCY sends (a round
 * takes at most one timeout); a worker that dies mid-send frees it after that.
 */
export const WEBHOOK_LEASE_SECONDS = 2 * WEBHOOK_TIMEOUT_SECONDS
/**
 * Deliveries the worker sends per wake-up at most, in passes of WEBHOOK_CONCURRENCY (each pass one
 * claim, sent in parallel); a larger backlog continues at the next poll.
 */
export const WEBHOOK_BATCH_SIZE = 100
export const WEBHOOK_CONCURRENCY = 8
/** How often the in-server worker looks for due deliveries. New events also wake it at once. */
export const WEBHOOK_POLL_INTERVAL_SECONDS = 5
/**
 * A new event wakes the worker this long after it is written: events are written inside their
 * change's transaction, which must commit before the worker can see them (the poll catches the rest).
 */
export const WEBHOOK_WAKE_DELAY_MS = 100
/** A receiver's answer is kept in the delivery log up to this many characters. */
export const WEBHOOK_RESPONSE_LOG_MAX_LENGTH = 500
/** Events and their deliveries are kept this long, then swept. */
export const WEBHOOK_RETENTION_SECONDS = 30 * DAY_SECONDS
export const WEBHOOK_URL_MAX_LENGTH = 2048
export const WEBHOOK_DESCRIPTION_MAX_LENGTH = 200

// ---------------------------------------------------------------------------------------------
// Enterprise SSO (OpenID Connect; we are the relying party)

/** A trip to the IdP must come back within this time (the reference's sign-in attempt lifetime). */
export const SSO_TRANSACTION_TTL_SECONDS = 10 * MINUTE_SECONDS
/** Every call to an IdP (discovery, JWKS, token endpoint) gives up after this; a clear error beats a hung page. */
export const SSO_HTTP_TIMEOUT_SECONDS = 5
/** An IdP's metadata and keys are reused this long per process (a changed connection is re-read at once). */
export const SSO_DISCOVERY_CACHE_SECONDS = 5 * MINUTE_SECONDS
/**
 * ASVS 7.6.1: a sign-in asks for `max_age` and refuses an IdP authentication older than this, so an
 * IdP session cannot quietly outlast a working day.
 */
export const SSO_SIGN_IN_MAX_AGE_SECONDS = 12 * HOUR_SECONDS
/** Allowed disagreement between our clock and the IdP's (`auth_time`, `exp`, `iat`): openid-client's default. */
export const SSO_CLOCK_TOLERANCE_SECONDS = 30
/** Domains one connection may own, and the length of its name. */
export const SSO_MAX_DOMAINS_PER_CONNECTION = 20
export const ENTERPRISE_CONNECTION_NAME_MAX_LENGTH = 64
/** RFC 1035: a domain name is at most 253 characters. */
export const DOMAIN_MAX_LENGTH = 253
/** OAuth client ids and secrets we accept from an admin (longer ones are a paste accident). */
export const OIDC_CLIENT_CREDENTIAL_MAX_LENGTH = 512

// User profile fields ---------------------------------------------------------------------------
/** Usernames (when app.config.ts `users.usernames` is on): the reference's default bounds. */
export const USERNAME_MIN_LENGTH = 4
export const USERNAME_MAX_LENGTH = 64
/** Each of a user's metadata objects, as compact JSON (UTF-8 bytes): the reference's 8 KB. */
export const USER_METADATA_MAX_BYTES = 8 * 1024

// Profile images --------------------------------------------------------------------------------
/** The largest file a person may upload as a profile image (a phone photo fits; the reference allows 10 MB). */
export const PROFILE_IMAGE_MAX_BYTES = 5 * 1024 * 1024
/** Stored and served at this many pixels square: twice the largest avatar, for high-density screens. */
export const PROFILE_IMAGE_SIZE_PX = 256
/** Larger images are refused before decoding (a 48 MP photo fits); bounds the memory one upload can take. */
export const PROFILE_IMAGE_MAX_INPUT_PIXELS = 50_000_000
/**
 * The one server function that takes a file ($setProfileImage) reads up to this: the image as
 * base64 (4 bytes per 3) plus the envelope. Every other function keeps SERVER_FN_MAX_BODY_BYTES.
 */
export const PROFILE_IMAGE_MAX_BODY_BYTES = Math.ceil(PROFILE_IMAGE_MAX_BYTES / 3) * 4 + 4 * 1024
/** A profile image's URL names its content hash, so it never changes: browsers may keep it a year. */
export const PROFILE_IMAGE_MAX_AGE_SECONDS = 365 * DAY_SECONDS

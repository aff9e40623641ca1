/**
 * The architecture, enforced: which layer may import which, and the conventions every server
 * function follows. A rule broken here is a design decision being undone by accident.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SENSITIVE_ACTIONS } from './session/sensitive-actions.ts'

const ROOT = path.resolve(import.meta.dirname, '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((entry) => {
    const relative = path.join(dir, entry)
    if (statSync(path.join(ROOT, relative)).isDirectory()) return sourceFiles(relative)
    return /\.tsx?$/.test(entry) && !entry.endsWith('.gen.ts') ? [relative] : []
  })
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

function importsOf(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8')
  return [...source.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? match[3] ?? '')
}

/** Resolves a relative import to a project path (`app/server/x.server.ts`); bare specifiers stay as they are. */
function target(file: string, specifier: string): string {
  return specifier.startsWith('.') ? path.join(path.dirname(file), specifier) : specifier
}

const production = (file: string) => !/\.(int\.)?test\.tsx?$/.test(file)

describe('the pure session domain (app/session)', () => {
  const files = sourceFiles('app/session').filter(production)
  it.each(files)('%s imports only its own folder', (file) => {
    for (const specifier of importsOf(file)) {
      expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[\w.-]+\.ts$/)
    }
  })

  it('never reads the clock or the random number generator', () => {
    for (const file of files) {
      const source = readFileSync(path.join(ROOT, file), 'utf8')
      expect(source, file).not.toMatch(/new Date\(\)|Date\.now\(|Math\.random\(|crypto\./)
    }
  })
})

/**
 * A server route has a `server` option (request handlers) and no component: the compiler strips
 * the option from the client build, and with it the server-only imports only it uses.
 */
function isServerRoute(file: string): boolean {
  const source = readFileSync(path.join(ROOT, file), 'utf8')
  return /\bserver:/.test(source) && !/component:/.test(source)
}

/** The public server entry (the reference's `/server` import): server-only, though it lives beside the browser API. */
const SERVER_ENTRY = 'app/auth/server.ts'

describe('client-side code (routes, components, auth, hooks)', () => {
  // Import protection fails the build if anything server-only would remain in the client bundle.
  const files = ['app/routes', 'app/components', 'app/auth']
    .flatMap(sourceFiles)
    .filter((file) => production(file) && !isServerRoute(file) && file !== SERVER_ENTRY)
  it.each(files)('%s never imports server-only modules or the database', (file) => {
    for (const specifier of importsOf(file)) {
      const resolved = target(file, specifier)
      expect(resolved, `${file} imports ${specifier}`).not.toMatch(
        /\.server(\.tsx?)?$|^db\/|^(postgres|drizzle-orm|@electric-sql)/,
      )
    }
  })
})

describe('the public server entry (app/auth/server.ts)', () => {
  it('re-exports server helpers and domain types only', () => {
    for (const specifier of importsOf(SERVER_ENTRY)) {
      expect(target(SERVER_ENTRY, specifier), specifier).toMatch(/^app\/(server\/[\w-]+\.server|session\/[\w-]+)\.ts$/)
    }
  })

  it('is imported by no browser module: only route files may, for use inside server-function handlers', () => {
    const importers = ['app/components', 'app/auth', 'app/functions', 'app/middleware', 'app/server', 'app/session']
      .flatMap(sourceFiles)
      .filter(
        (file) => production(file) && importsOf(file).some((specifier) => target(file, specifier) === SERVER_ENTRY),
      )
    expect(importers).toEqual([])
  })
})

describe('the database layer (db/)', () => {
  const files = sourceFiles('db').filter(production)
  it.each(files)('%s imports only drivers, node built-ins and the domain vocabulary', (file) => {
    for (const specifier of importsOf(file)) {
      const resolved = target(file, specifier)
      expect(resolved, `${file} imports ${specifier}`).toMatch(
        /^(node:|drizzle-orm|drizzle-kit|postgres$|@electric-sql\/pglite|db\/|app\/session\/)/,
      )
    }
  })
})

/** The layers above a folder, which it must never reach up into. */
function importsUpward(file: string, above: readonly string[]): string[] {
  return importsOf(file)
    .map((specifier) => target(file, specifier))
    .filter((resolved) => above.some((layer) => resolved.startsWith(`app/${layer}/`)))
}

describe('services (app/server)', () => {
  const files = sourceFiles('app/server').filter(production)
  it.each(files)('%s never imports middleware, server functions, routes or browser code', (file) => {
    expect(importsUpward(file, ['middleware', 'functions', 'routes', 'components', 'auth'])).toEqual([])
  })
})

describe('middleware (app/middleware)', () => {
  const files = sourceFiles('app/middleware').filter(production)
  it.each(files)('%s never imports server functions, routes or browser code', (file) => {
    expect(importsUpward(file, ['functions', 'routes', 'components', 'auth'])).toEqual([])
  })
})

/** The strongly connected groups of more than one module: each is an import cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  const order = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const found: string[][] = []
  const visit = (node: string) => {
    order.set(node, order.size)
    low.set(node, order.get(node) ?? 0)
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0))
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, order.get(next) ?? 0))
      }
    }
    if (low.get(node) !== order.get(node)) return
    const group: string[] = []
    let member: string | undefined
    do {
      member = stack.pop()
      if (member) group.push(member)
    } while (member && member !== node)
    if (group.length > 1) found.push(group.sort())
  }
  for (const node of graph.keys()) if (!order.has(node)) visit(node)
  return found
}

describe('the domain and the services', () => {
  it('import each other in one direction only: no cycles (type-only imports count too)', () => {
    const files = ['app/session', 'app/server'].flatMap(sourceFiles).filter(production)
    const graph = new Map(
      files.map((file) => [
        file,
        importsOf(file)
          .map((specifier) => target(file, specifier))
          .filter((resolved) => files.includes(resolved)),
      ]),
    )
    expect(cycles(graph)).toEqual([])
  })

  it('finds a cycle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ])
    expect(cycles(graph)).toEqual([['a', 'b', 'c']])
  })
})

describe('server functions', () => {
  const files = sourceFiles('app').filter((file) => file.endsWith('.functions.ts'))

  it.each(files)('%s exports only `$verb` server functions that declare their method', (file) => {
    const source = readFileSync(path.join(ROOT, file), 'utf8')
    const exportedValues = [...source.matchAll(/export const (\S+) = ([\s\S]*?)(?=\nexport |\n*$)/g)]
    expect(exportedValues.length).toBeGreaterThan(0)
    for (const [, name, body] of exportedValues) {
      expect(name, `${file}: ${name}`).toMatch(/^\$[a-z][A-Za-z]+$/)
      expect(body, `${file}: ${name} must be a createServerFn with an explicit method`).toMatch(
        /^createServerFn\(\{ method: '(GET|POST)' \}\)/,
      )
    }
  })

  it('are guarded against CSRF by middleware registered in app/start.ts', () => {
    const start = readFileSync(path.join(ROOT, 'app/start.ts'), 'utf8')
    expect(start).toMatch(/requestMiddleware: \[[^\]]*csrfMiddleware[^\]]*\]/)
    expect(start).toMatch(/functionMiddleware: \[errorMiddleware/)
  })
})

describe('secrets and randomness', () => {
  it('use the CSPRNG only (ASVS 6.5.3)', () => {
    for (const file of sourceFiles('app').filter(production)) {
      expect(readFileSync(path.join(ROOT, file), 'utf8'), file).not.toMatch(/Math\.random\(/)
    }
  })
})

/**
 * The inventory of everything reachable over HTTP (security.md CSRF-2/CSRF-5 and the inventory row
 * of the reliability issue). Adding a server function or route means adding it here, with how it
 * is authorized: a mutating function that is not POST, or that has no session middleware, fails.
 */
describe('the HTTP inventory', () => {
  const FUNCTIONS: Record<string, { method: 'GET' | 'POST'; middleware: string | null }> = {
    // Before a session exists: CSRF-checked; the services apply rate limits and the lockout.
    $createSignIn: { method: 'POST', middleware: null },
    $getSignIn: { method: 'GET', middleware: null },
    $prepareSignInFirstFactor: { method: 'POST', middleware: null },
    $attemptSignInFirstFactor: { method: 'POST', middleware: null },
    $resetSignInPassword: { method: 'POST', middleware: null },
    $prepareSignInSecondFactor: { method: 'POST', middleware: null },
    $attemptSignInSecondFactor: { method: 'POST', middleware: null },
    $cancelSignIn: { method: 'POST', middleware: null },
    $pollSignInEmailLink: { method: 'POST', middleware: null },
    $getPasskeySignInOptions: { method: 'POST', middleware: null },
    $signInWithPasskey: { method: 'POST', middleware: null },
    $createSignUp: { method: 'POST', middleware: null },
    $getSignUp: { method: 'GET', middleware: null },
    $updateSignUp: { method: 'POST', middleware: null },
    $prepareSignUpVerification: { method: 'POST', middleware: null },
    $verifySignUp: { method: 'POST', middleware: null },
    $cancelSignUp: { method: 'POST', middleware: null },
    $pollSignUpEmailLink: { method: 'POST', middleware: null },
    // Opening an email link: whoever holds it; the service rate-limits it (ADR 036).
    $openEmailLink: { method: 'POST', middleware: null },
    // This browser's own sessions.
    $signOut: { method: 'POST', middleware: 'requireClient' },
    $setActive: { method: 'POST', middleware: 'requireClient' },
    $touchSession: { method: 'POST', middleware: 'requireClient' },
    $endSession: { method: 'POST', middleware: 'requireClient' },
    $removeSession: { method: 'POST', middleware: 'requireClient' },
    $getToken: { method: 'POST', middleware: 'requireClient' },
    // Step-up verification of a session of this browser (the Session resource's methods).
    $startVerification: { method: 'POST', middleware: 'requireClient' },
    $prepareFirstFactorVerification: { method: 'POST', middleware: 'requireClient' },
    $attemptFirstFactorVerification: { method: 'POST', middleware: 'requireClient' },
    $prepareSecondFactorVerification: { method: 'POST', middleware: 'requireClient' },
    $attemptSecondFactorVerification: { method: 'POST', middleware: 'requireClient' },
    // The user's sessions everywhere.
    $revokeSession: { method: 'POST', middleware: "sensitiveAction('revoke_session')" },
    $revokeOtherSessions: { method: 'POST', middleware: "sensitiveAction('revoke_session')" },
    // The account's identifiers and factors: changes are sensitive actions, checks of a code need
    // a fresh active session (the code itself proves the rest).
    $getSecuritySettings: { method: 'GET', middleware: "requireFreshSessionFor('setup-mfa')" },
    $addEmailAddress: { method: 'POST', middleware: "sensitiveAction('manage_email_addresses')" },
    $resendEmailVerification: { method: 'POST', middleware: 'requireFreshActiveSession' },
    $verifyEmailAddress: { method: 'POST', middleware: 'requireFreshActiveSession' },
    $setPrimaryEmailAddress: { method: 'POST', middleware: "sensitiveAction('manage_email_addresses')" },
    $removeEmailAddress: { method: 'POST', middleware: "sensitiveAction('manage_email_addresses')" },
    $addPhoneNumber: { method: 'POST', middleware: "sensitiveAction('manage_phone_numbers', 'setup-mfa')" },
    $sendPhoneVerification: { method: 'POST', middleware: "requireFreshSessionFor('setup-mfa')" },
    $verifyPhoneNumber: { method: 'POST', middleware: "sensitiveAction('manage_sms_second_factor', 'setup-mfa')" },
    $disableSmsSecondFactor: { method: 'POST', middleware: "sensitiveAction('manage_sms_second_factor')" },
    $removePhoneNumber: { method: 'POST', middleware: "sensitiveAction('manage_phone_numbers')" },
    $setPrimaryPhoneNumber: { method: 'POST', middleware: "sensitiveAction('manage_phone_numbers')" },
    $deleteAccount: { method: 'POST', middleware: "sensitiveAction('delete_account')" },
    $changePassword: { method: 'POST', middleware: "sensitiveAction('change_password')" },
    $startTotpSetup: { method: 'POST', middleware: "sensitiveAction('manage_totp', 'setup-mfa')" },
    $confirmTotpSetup: { method: 'POST', middleware: "sensitiveAction('manage_totp', 'setup-mfa')" },
    $removeTotp: { method: 'POST', middleware: "sensitiveAction('manage_totp')" },
    $regenerateBackupCodes: { method: 'POST', middleware: "sensitiveAction('regenerate_backup_codes', 'setup-mfa')" },
    $startPasskeyRegistration: { method: 'POST', middleware: "sensitiveAction('manage_passkeys')" },
    $addPasskey: { method: 'POST', middleware: "sensitiveAction('manage_passkeys')" },
    $renamePasskey: { method: 'POST', middleware: 'requireFreshActiveSession' },
    $removePasskey: { method: 'POST', middleware: "sensitiveAction('manage_passkeys')" },
    // Social sign-in (ADR 034): starting a trip needs nobody signed in (the trip's cookie binds it);
    // connecting and disconnecting are sensitive.
    $startSocialSignIn: { method: 'POST', middleware: null },
    $connectExternalAccount: { method: 'POST', middleware: "sensitiveAction('manage_external_accounts')" },
    $disconnectExternalAccount: { method: 'POST', middleware: "sensitiveAction('manage_external_accounts')" },
    // The profile: not sensitive (it signs nobody in); the services refuse sessions others act in.
    $updateUser: { method: 'POST', middleware: 'requireFreshActiveSession' },
    $getUser: { method: 'GET', middleware: 'requireFreshSession' },
    $setProfileImage: { method: 'POST', middleware: 'requireFreshActiveSession' },
    $removeProfileImage: { method: 'POST', middleware: 'requireFreshActiveSession' },
    // Session tasks: a pending session's way to active (the services check the task is current).
    $completeSessionTask: { method: 'POST', middleware: 'requireClient' },
    $acceptTerms: { method: 'POST', middleware: 'requireClient' },
    $resetPassword: { method: 'POST', middleware: "sensitiveAction('change_password', 'reset-password')" },
    // Organizations: the services check membership and the operation's permission in the database.
    $createOrganization: { method: 'POST', middleware: "requireFreshSessionFor('choose-organization')" },
    $updateOrganization: { method: 'POST', middleware: 'requireFreshActiveSession' },
    $deleteOrganization: { method: 'POST', middleware: "sensitiveAction('delete_organization')" },
    $listOrganizationMembers: { method: 'GET', middleware: 'requireFreshActiveSession' },
    $updateMemberRole: { method: 'POST', middleware: 'requireFreshActiveSession' },
    $removeMember: { method: 'POST', middleware: 'requireFreshActiveSession' },
    $leaveOrganization: { method: 'POST', middleware: "sensitiveAction('leave_organization')" },
    $inviteMember: { method: 'POST', middleware: 'requireFreshActiveSession' },
    $listOrganizationInvitations: { method: 'GET', middleware: 'requireFreshActiveSession' },
    $revokeInvitation: { method: 'POST', middleware: 'requireFreshActiveSession' },
    $listUserInvitations: { method: 'GET', middleware: "requireFreshSessionFor('choose-organization')" },
    $acceptInvitation: { method: 'POST', middleware: "requireFreshSessionFor('choose-organization')" },
    // An invitation link's preview: the link's secret is the authorization.
    $getInvitation: { method: 'POST', middleware: null },
    // The lock email's link: its secret is the authorization (issue 22, finding 8).
    $unlockAccount: { method: 'POST', middleware: null },
    // Impersonation and agents: making a link is sensitive; a link's secret authorizes redeeming it.
    $startImpersonation: {
      method: 'POST',
      middleware: "requireAdmin('admin:impersonate'), sensitiveAction('start_impersonation')",
    },
    $createAgentTask: { method: 'POST', middleware: "sensitiveAction('create_agent_link')" },
    $listAgentTasks: { method: 'GET', middleware: 'requireFreshActiveSession' },
    $revokeActorToken: { method: 'POST', middleware: 'requireFreshActiveSession' },
    $redeemActorToken: { method: 'POST', middleware: null },
    $stopImpersonation: { method: 'POST', middleware: 'requireClient' },
    // The admin console: each function names the admin permission it needs.
    $getAdminContext: { method: 'GET', middleware: "requireAdmin('admin:read')" },
    $listWebhookEndpoints: { method: 'GET', middleware: "requireAdmin('admin:read')" },
    $createWebhookEndpoint: { method: 'POST', middleware: "requireAdmin('admin:manage_instance')" },
    // Secret keys (ADR 027): the Backend API's credentials.
    $listSecretKeys: { method: 'GET', middleware: "requireAdmin('admin:read')" },
    $createSecretKey: { method: 'POST', middleware: "requireAdmin('admin:manage_instance')" },
    $revokeSecretKey: { method: 'POST', middleware: "requireAdmin('admin:manage_instance')" },
    $updateWebhookEndpoint: { method: 'POST', middleware: "requireAdmin('admin:manage_instance')" },
    $deleteWebhookEndpoint: { method: 'POST', middleware: "requireAdmin('admin:manage_instance')" },
    $rotateWebhookSecret: { method: 'POST', middleware: "requireAdmin('admin:manage_instance')" },
    $listWebhookDeliveries: { method: 'GET', middleware: "requireAdmin('admin:read')" },
    $retryWebhookDelivery: { method: 'POST', middleware: "requireAdmin('admin:manage_instance')" },
    $getAdminDashboard: { method: 'GET', middleware: "requireAdmin('admin:read')" },
    $searchUsers: { method: 'GET', middleware: "requireAdmin('admin:read')" },
    $getAdminUser: { method: 'GET', middleware: "requireAdmin('admin:read')" },
    $banUser: { method: 'POST', middleware: "requireAdmin('admin:manage_users')" },
    $unbanUser: { method: 'POST', middleware: "requireAdmin('admin:manage_users')" },
    $markPasswordCompromised: { method: 'POST', middleware: "requireAdmin('admin:manage_users')" },
    $removeUserFactor: { method: 'POST', middleware: "requireAdmin('admin:manage_users')" },
    $assignUserPlan: { method: 'POST', middleware: "requireAdmin('admin:manage_users')" },
    $listAdminSessions: { method: 'GET', middleware: "requireAdmin('admin:read')" },
    $revokeSessionAsAdmin: { method: 'POST', middleware: "requireAdmin('admin:manage_sessions')" },
    $revokeUserSessions: { method: 'POST', middleware: "requireAdmin('admin:manage_sessions')" },
    $revokeAllSessions: { method: 'POST', middleware: "requireAdmin('admin:manage_sessions')" },
    $listAdminOrganizations: { method: 'GET', middleware: "requireAdmin('admin:read')" },
    $assignOrganizationPlan: { method: 'POST', middleware: "requireAdmin('admin:manage_users')" },
    $listSigningKeys: { method: 'GET', middleware: "requireAdmin('admin:read')" },
    $rotateSigningKey: { method: 'POST', middleware: "requireAdmin('admin:manage_instance')" },
    $listLedger: { method: 'GET', middleware: "requireAdmin('admin:read')" },
    $listEnterpriseConnections: { method: 'GET', middleware: "requireAdmin('admin:read')" },
    $createEnterpriseConnection: { method: 'POST', middleware: "requireAdmin('admin:manage_instance')" },
    $updateEnterpriseConnection: { method: 'POST', middleware: "requireAdmin('admin:manage_instance')" },
    $deleteEnterpriseConnection: { method: 'POST', middleware: "requireAdmin('admin:manage_instance')" },
    // Reads.
    $getClient: { method: 'GET', middleware: 'withFreshAuth' },
    $getEnvironment: { method: 'GET', middleware: null },
    $listDevices: { method: 'GET', middleware: 'requireActiveSession' },
    $getSessionTimeline: { method: 'GET', middleware: 'requireActiveSession' },
    $listMyActivity: { method: 'GET', middleware: 'requireActiveSession' },
    $whoAmI: { method: 'GET', middleware: 'requireSession' },
    // Development only: public by design, and 404 in production.
    $getDemoAccounts: { method: 'GET', middleware: null },
    $listOutbox: { method: 'GET', middleware: null },
  }

  const found = Object.fromEntries(
    sourceFiles('app')
      .filter((file) => file.endsWith('.functions.ts'))
      .flatMap((file) => {
        const source = readFileSync(path.join(ROOT, file), 'utf8')
        return [
          ...source.matchAll(
            /export const (\$\w+) = createServerFn\(\{ method: '(GET|POST)' \}\)\s*(?:\.middleware\(\[([^\]]+)\]\))?/g,
          ),
        ].map(([, name, method, middleware]) => [name ?? '', { method, middleware: middleware?.trim() ?? null }])
      }),
  )

  it('lists every server function, with its method and authorization', () => {
    expect(found).toEqual(FUNCTIONS)
  })

  it('makes every function that changes state a POST, and authorizes every one that reads private data', () => {
    for (const [name, entry] of Object.entries(FUNCTIONS)) {
      if (entry.middleware === null) {
        expect(
          name,
          'only signing in and up, public settings, previews and redeeming links run without a session',
        ).toMatch(
          /^\$(\w+Sign(In|Up)\w*|signInWithPasskey|getPasskeySignInOptions|getDemoAccounts|listOutbox|getEnvironment|getInvitation|redeemActorToken|unlockAccount|openEmailLink)$/,
        )
      }
    }
  })

  /** The functions e2e/reverification.spec.ts calls with stale factors (403), then after a step-up. */
  const STEP_UP_E2E = (() => {
    const spec = readFileSync(path.join(ROOT, 'e2e/reverification.spec.ts'), 'utf8')
    const list = /const SENSITIVE[^=]*= \[([\s\S]*?)\n\]\n/.exec(spec)?.[1] ?? ''
    return [...list.matchAll(/\[\s*'(\$\w+)'/g)].map((match) => match[1])
  })()

  it.each(SENSITIVE_ACTIONS)(
    '%s guards a server function, and the e2e step-up test calls every one it guards',
    (action) => {
      const guarded = Object.entries(found)
        .filter(([, entry]) => entry.middleware?.includes(`sensitiveAction('${action}'`))
        .map(([name]) => name)
      expect(guarded, `no server function declares sensitiveAction('${action}')`).not.toEqual([])
      expect(
        guarded.filter((name) => !STEP_UP_E2E.includes(name)),
        'missing from SENSITIVE in e2e/reverification.spec.ts',
      ).toEqual([])
    },
  )

  // Each server route's methods, with how each authenticates its caller (ADR 021).
  const ROUTES: Record<string, Record<string, string>> = {
    'app/routes/health/live.ts': { GET: 'none' },
    'app/routes/health/ready.ts': { GET: 'none' },
    'app/routes/api/me.ts': { GET: 'session_token' },
    'app/routes/[.]well-known/jwks[.]json.ts': { GET: 'none' },
    'app/routes/api/sessions.$sessionId.tokens.ts': { POST: 'client_token' },
    'app/routes/api/testing/outbox.ts': { GET: 'testing_token' },
    'app/routes/api/testing/users.ts': { POST: 'testing_token', DELETE: 'testing_token' },
    'app/routes/api/testing/users.$userId.ts': { DELETE: 'testing_token' },
    'app/routes/api/testing/users.$userId.factors-age.ts': { POST: 'testing_token' },
    // The enterprise IdP's redirect back: the SSO cookie and the trip's state authorize it.
    'app/routes/sso/callback.$connectionId.ts': { GET: 'none' },
    'app/routes/oauth/callback.$provider.ts': { GET: 'none' },
    // Profile images: public like the reference's image URLs (the URL holds the content hash).
    'app/routes/images/users.$userId.$digest.ts': { GET: 'none' },
    // The Backend API (ADR 027): an instance secret key on every method.
    'app/routes/v1/jwks.ts': { GET: 'secret_key' },
    'app/routes/v1/sessions.ts': { GET: 'secret_key' },
    'app/routes/v1/sessions.$sessionId.ts': { GET: 'secret_key' },
    'app/routes/v1/sessions.$sessionId.revoke.ts': { POST: 'secret_key' },
    'app/routes/v1/sessions.$sessionId.tokens.ts': { POST: 'secret_key' },
    'app/routes/v1/sessions.$sessionId.tokens.$template.ts': { POST: 'secret_key' },
    'app/routes/v1/users.ts': { GET: 'secret_key' },
    'app/routes/v1/users.count.ts': { GET: 'secret_key' },
    'app/routes/v1/users.$userId.ts': { GET: 'secret_key', DELETE: 'secret_key' },
    'app/routes/v1/users.$userId.ban.ts': { POST: 'secret_key' },
    'app/routes/v1/users.$userId.unban.ts': { POST: 'secret_key' },
    'app/routes/v1/organizations.ts': { GET: 'secret_key' },
    'app/routes/v1/organizations.$organizationId.ts': { GET: 'secret_key' },
    'app/routes/v1/organizations.$organizationId.memberships.ts': { GET: 'secret_key' },
  }

  it('lists every server route with its methods and how each authenticates', () => {
    const routes = Object.fromEntries(
      sourceFiles('app/routes')
        .filter(isServerRoute)
        .map((file) => [
          file,
          Object.fromEntries(
            [
              ...readFileSync(path.join(ROOT, file), 'utf8').matchAll(
                /^ {4}(GET|POST|PUT|PATCH|DELETE): endpoint\(\{\s*auth: '(\w+)'/gm,
              ),
            ].map(([, method, auth]) => [method, auth]),
          ),
        ]),
    )
    expect(routes).toEqual(ROUTES)
  })

  it('lets only health, the public keys and the IdP and social callbacks run without a credential', () => {
    const open = Object.entries(ROUTES).filter(([, methods]) => Object.values(methods).includes('none'))
    expect(open.map(([file]) => file)).toEqual([
      'app/routes/health/live.ts',
      'app/routes/health/ready.ts',
      'app/routes/[.]well-known/jwks[.]json.ts',
      'app/routes/sso/callback.$connectionId.ts',
      'app/routes/oauth/callback.$provider.ts',
      'app/routes/images/users.$userId.$digest.ts',
    ])
  })
})

/**
 * ADR 021: every server route is written with the one wrapper (app/middleware/server-route.server.ts),
 * which gives it the server functions' protections (method allowlist, body limits before any work,
 * CSRF for cookie-authenticated mutations, one bearer reading, coded errors, one log line per
 * failure). A route file declares; it does not re-implement any of that.
 */
describe('server routes', () => {
  const WRAPPER = 'app/middleware/server-route.server.ts'
  const routeFiles = sourceFiles('app/routes').filter((file) => production(file) && isServerRoute(file))

  it('are found (the checks below run on something)', () => {
    expect(routeFiles.length).toBeGreaterThanOrEqual(10)
  })

  it.each(routeFiles)('%s is declared with serverRoute() and endpoint()', (file) => {
    const source = readFileSync(path.join(ROOT, file), 'utf8')
    expect(source, 'the server option is serverRoute({...})').toMatch(/\bserver: serverRoute\(\{/)
    expect(source.match(/\bserver:/g), 'one server option').toHaveLength(1)
    const methods = [...source.matchAll(/^ {4}(\w+): /gm)].map((match) => match[1])
    const endpoints = [...source.matchAll(/^ {4}(GET|POST|PUT|PATCH|DELETE): endpoint\(\{/gm)]
    expect(endpoints.length, 'every method is an endpoint()').toBe(methods.length)
    expect(endpoints.length).toBeGreaterThan(0)
  })

  it.each(routeFiles)('%s re-implements none of the wrapper', (file) => {
    const source = readFileSync(path.join(ROOT, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
    // Handlers by hand, or an answer or check the wrapper owns.
    expect(source).not.toMatch(/\bhandlers\b|createServerFileRoute|\bANY\b/)
    expect(source).not.toMatch(/authorization|Bearer|checkCsrf|errorResponse|toTesseraError|catch\s*\(/)
    expect(source).not.toMatch(/request\.(json|text|formData|arrayBuffer|blob|bytes|body)\b|JSON\.parse/)
    for (const specifier of importsOf(file)) {
      expect(specifier, `${file} imports ${specifier}`).not.toMatch(
        /\/(csrf|http|errors|cookies|crypto)\.server(\.ts)?$|\/middleware\/(?!server-route\.server\.ts$)/,
      )
    }
  })

  it('are the only handlers: nothing else in app/ builds route handlers by hand', () => {
    const handBuilt = sourceFiles('app')
      .filter((file) => production(file) && file !== WRAPPER)
      .filter((file) => /\bhandlers\s*[:=]|createServerFileRoute/.test(readFileSync(path.join(ROOT, file), 'utf8')))
    expect(handBuilt).toEqual([])
  })
})

/**
 * Routes are routing and composition (docs/decisions/001-layout-and-module-kinds.md): a page route holds its loader, its
 * search validation and one page component composed from sections in `app/components/`; the
 * sections themselves, their state and their dialogs live there, where they can be reused.
 */
describe('page routes', () => {
  const LINE_BUDGET = 100
  const allRoutes = sourceFiles('app/routes').filter((file) => production(file) && !isServerRoute(file))
  // Every page but the root layout, which is the document itself (its <html> and the providers).
  const pageRoutes = allRoutes.filter((file) => file !== 'app/routes/__root.tsx')
  /** Declared React components: a capitalised function, or a capitalised constant bound to an arrow function. */
  const components = (source: string) => [
    ...source.matchAll(/^(?:export )?(?:function ([A-Z]\w*)\s*\(|const ([A-Z]\w*)\s*=\s*(?:\([^)]*\)|\w+)\s*=>)/gm),
  ]

  it('are found (the checks below run on something)', () => {
    expect(pageRoutes.length).toBeGreaterThanOrEqual(30)
  })

  it.each(pageRoutes)(`%s stays within ${LINE_BUDGET} lines and defines at most one component, its page`, (file) => {
    const source = readFileSync(path.join(ROOT, file), 'utf8')
    expect(source.split('\n').length, 'lines').toBeLessThanOrEqual(LINE_BUDGET)
    const defined = components(source).map((match) => match[1] ?? match[2])
    expect(
      defined.length,
      `components defined here: ${defined.join(', ')} (sections go to app/components)`,
    ).toBeLessThanOrEqual(1)
  })

  it('finds a second component when there is one (the check can fail)', () => {
    const source = 'function Page() {\n  return <Section />\n}\n\nfunction Section() {\n  return null\n}\n'
    expect(components(source)).toHaveLength(2)
    expect(components('export const Row = ({ a }: Props) => <li>{a}</li>\n')).toHaveLength(1)
  })

  it.each(allRoutes)('%s validates the search parameters it reads with a zod schema', (file) => {
    const source = readFileSync(path.join(ROOT, file), 'utf8')
    if (!/useSearch\(|loaderDeps: \(\{ search \}\)|validateSearch/.test(source)) return
    expect(source).toMatch(/validateSearch: (?:z\.object\(|\w+Schema\b)/)
  })

  it('use the one select (SelectField): no hand-rolled <select> elsewhere in app/', () => {
    const handRolled = sourceFiles('app')
      .filter((file) => production(file) && file.endsWith('.tsx') && file !== 'app/components/ui/select-field.tsx')
      .filter((file) => /<select\b/.test(readFileSync(path.join(ROOT, file), 'utf8')))
    expect(handRolled).toEqual([])
  })
})

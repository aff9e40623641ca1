import { createElement, type ReactElement, type ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { EnvironmentJSON, OrganizationMembershipJSON, SessionJSON, UserJSON } from '../session/wire.ts'
import { buildAuthPageUrl, createClerk } from './clerk.ts'
import {
  ClerkLoaded,
  ClerkLoading,
  Show,
  SignedIn,
  SignedOut,
  SignInButton,
  SignOutButton,
  SignUpButton,
} from './control.tsx'
import { AuthContext, type AuthContextValue } from './provider.tsx'
import { Session, type SessionRuntime } from './session.ts'
import { TokenCache } from './token-cache.ts'

const navigated: string[] = []
const router = {
  state: { location: { href: '/reports?tab=2' } },
  navigate: async ({ href }: { href: string }) => {
    navigated.push(href)
  },
}
vi.mock('@tanstack/react-router', async (original) => ({
  ...(await original<typeof import('@tanstack/react-router')>()),
  useRouter: () => router,
}))

const at = Date.parse('2026-01-01T12:00:00Z')

const membership: OrganizationMembershipJSON = {
  id: 'orgmem_1',
  organization: { id: 'org_a', name: 'A', slug: 'a', membersCount: 2, plan: 'team', createdAt: at, updatedAt: at },
  role: 'org:admin',
  roleName: 'Admin',
  permissions: ['org:sys_memberships:manage'],
  createdAt: at,
}

const user: UserJSON = {
  id: 'user_1',
  firstName: 'Ada',
  lastName: null,
  primaryEmailAddressId: null,
  emailAddresses: [],
  primaryPhoneNumberId: null,
  phoneNumbers: [],
  organizationMemberships: [membership],
  adminRole: null,
  imageUrl: null,
  hasImage: false,
  username: null,
  publicMetadata: {},
  unsafeMetadata: {},
  passwordEnabled: true,
  totpEnabled: false,
  backupCodeEnabled: false,
  twoFactorEnabled: false,
  passkeys: [],
  externalAccounts: [],
  createdAt: at,
  updatedAt: at,
}

type State = 'active' | 'pending' | 'signed-out' | 'switching'

const runtime: SessionRuntime = {
  getToken: async () => null,
  peekToken: () => null,
  refresh: async () => {},
  broadcast: () => {},
  clearTokenCache: () => {},
}

function sessionJSON(status: 'active' | 'pending', organizationId: string | null): SessionJSON {
  return {
    id: 'sess_1',
    status,
    createdAt: at,
    updatedAt: at,
    lastActiveAt: at,
    expireAt: at + 86_400_000,
    abandonAt: at + 86_400_000,
    endedAt: null,
    endReason: null,
    lastActiveOrganizationId: organizationId,
    actor: null,
    factorVerificationAge: [0, -1],
    tasks: status === 'pending' ? [{ key: 'setup-mfa' } as NonNullable<SessionJSON['tasks']>[number]] : null,
    user,
    publicUserData: {
      userId: 'user_1',
      firstName: 'Ada',
      lastName: null,
      identifier: 'ada@example.com',
      imageUrl: null,
      hasImage: false,
      username: null,
      banned: false,
    },
  }
}

const signOuts: unknown[] = []

function contextFor(state: State, organizationId: string | null = 'org_a'): AuthContextValue {
  const json = state === 'signed-out' ? null : sessionJSON(state === 'pending' ? 'pending' : 'active', organizationId)
  const sessions = new Map(json ? [[json.id, new Session(json, runtime)]] : [])
  const tokens = new TokenCache({ fetchToken: async () => null, onSignedOut: () => {} } as never)
  return {
    snapshot: {
      client: {
        id: 'client_1',
        sessions: json ? [json] : [],
        lastActiveSessionId: json?.id ?? null,
        lastAuthenticationStrategy: json ? 'password' : null,
        createdAt: at,
        updatedAt: at,
      },
      sessionId: json?.id ?? null,
    },
    environment: {} as EnvironmentJSON,
    switching: state === 'switching',
    sessions,
    tokens,
    peekToken: () => null,
    whenLoaded: async () => {},
    refresh: async () => {},
    sessionChanged: async () => {},
    setActive: async () => {},
    signOut: async (options) => {
      signOuts.push(options)
    },
  }
}

function render(element: ReactNode, state: State, organizationId?: string | null): string {
  return renderToStaticMarkup(
    createElement(AuthContext.Provider, { value: contextFor(state, organizationId) }, element),
  )
}

const show = (props: Parameters<typeof Show>[0]) => createElement(Show, props)
const STATES: State[] = ['active', 'pending', 'signed-out', 'switching']

beforeEach(() => {
  navigated.length = 0
  signOuts.length = 0
})

describe('<SignedIn>, <SignedOut>, <ClerkLoaded>, <ClerkLoading>', () => {
  it.each([
    // state, SignedIn, SignedOut, SignedIn with pending as signed in
    ['active', 'in', '', 'in'],
    ['pending', '', 'out', 'in'],
    ['signed-out', '', 'out', ''],
    ['switching', '', '', ''],
  ] as const)('on a %s session', (state, signedIn, signedOut, pendingIn) => {
    expect(render(createElement(SignedIn, null, 'in'), state)).toBe(signedIn)
    expect(render(createElement(SignedOut, null, 'out'), state)).toBe(signedOut)
    expect(render(createElement(SignedIn, { treatPendingAsSignedOut: false }, 'in'), state)).toBe(pendingIn)
  })

  it('shows loading content only while the tab switches sessions', () => {
    for (const state of STATES) {
      expect(render(createElement(ClerkLoaded, null, 'loaded'), state)).toBe(state === 'switching' ? '' : 'loaded')
      expect(render(createElement(ClerkLoading, null, 'loading'), state)).toBe(state === 'switching' ? 'loading' : '')
    }
  })
})

describe('<Show when>', () => {
  const fallback = 'no'
  it.each([
    // when, active, pending, signed-out, switching
    ['signed-in', 'yes', 'no', 'no', ''],
    ['signed-out', 'no', 'yes', 'yes', ''],
  ] as const)('when="%s"', (when, active, pending, signedOut, switching) => {
    const rendered = STATES.map((state) => render(show({ when, fallback, children: 'yes' }), state))
    expect(rendered).toEqual([active, pending, signedOut, switching])
  })

  it('checks a role or permission of the active organization, with or without the org: prefix', () => {
    expect(render(show({ when: { role: 'org:admin' }, fallback, children: 'yes' }), 'active')).toBe('yes')
    expect(render(show({ when: { role: 'admin' }, fallback, children: 'yes' }), 'active')).toBe('yes')
    expect(render(show({ when: { role: 'org:member' }, fallback, children: 'yes' }), 'active')).toBe('no')
    expect(
      render(show({ when: { permission: 'org:sys_memberships:manage' }, fallback, children: 'yes' }), 'active'),
    ).toBe('yes')
    // Personal account: no organization, no role.
    expect(render(show({ when: { role: 'org:admin' }, fallback, children: 'yes' }), 'active', null)).toBe('no')
    // Signed out or pending: never authorized, whatever the check.
    expect(render(show({ when: { role: 'org:admin' }, fallback, children: 'yes' }), 'signed-out')).toBe('no')
    expect(render(show({ when: { role: 'org:admin' }, fallback, children: 'yes' }), 'pending')).toBe('no')
  })

  it('passes has() to a function, and counts pending as signed in when asked to', () => {
    const when = (has: (params: { role?: string }) => boolean) => has({ role: 'org:admin' }) || has({ role: 'org:x' })
    expect(render(show({ when, fallback, children: 'yes' }), 'active')).toBe('yes')
    expect(render(show({ when: () => false, fallback, children: 'yes' }), 'active')).toBe('no')
    expect(
      render(show({ when: 'signed-in', fallback, children: 'yes', treatPendingAsSignedOut: false }), 'pending'),
    ).toBe('yes')
    expect(render(show({ when: 'signed-out', children: 'yes', treatPendingAsSignedOut: false }), 'pending')).toBe('')
  })

  it('refuses a malformed check instead of showing the content', () => {
    expect(render(show({ when: {} as never, fallback, children: 'yes' }), 'active')).toBe('no')
    expect(render(show({ when: { role: '' }, fallback, children: 'yes' }), 'active')).toBe('no')
  })
})

/** Renders `element`, then clicks the one element it rendered by calling its onClick. */
async function click(element: ReactElement, state: State = 'active') {
  let clicked: ReactElement<{ onClick: (event: unknown) => Promise<void> }> | null = null
  const Capture = () => {
    // The button components return the clone; render them as a function to get it.
    clicked = (element.type as (props: unknown) => ReactElement<{ onClick: (event: unknown) => Promise<void> }>)(
      element.props,
    )
    return null
  }
  render(createElement(Capture), state)
  if (!clicked) throw new Error('nothing rendered')
  await (clicked as ReactElement<{ onClick: (event: unknown) => Promise<void> }>).props.onClick({})
}

describe('the unstyled buttons', () => {
  it('render a plain button with the default text, or the one child as it is', () => {
    expect(render(createElement(SignInButton), 'signed-out')).toBe('<button type="button">Sign in</button>')
    expect(render(createElement(SignUpButton, null, 'Join'), 'signed-out')).toBe('<button type="button">Join</button>')
    expect(render(createElement(SignOutButton), 'active')).toBe('<button type="button">Sign out</button>')
    expect(
      render(
        createElement(SignInButton, { mode: 'modal' }, createElement('a', { className: 'btn' }, 'Go')),
        'signed-out',
      ),
    ).toBe('<a class="btn">Go</a>')
  })

  it('refuses more than one child, as the reference does', () => {
    expect(() =>
      render(
        createElement(
          SignInButton,
          null,
          createElement('button', { type: 'button' }),
          createElement('button', { type: 'button' }),
        ),
        'signed-out',
      ),
    ).toThrow('single child')
  })

  it('go to our sign-in and sign-up pages, returning to this page or the force URL', async () => {
    await click(createElement(SignInButton))
    await click(createElement(SignUpButton, { mode: 'modal', forceRedirectUrl: '/welcome' }))
    await click(createElement(SignInButton, { forceRedirectUrl: 'https://evil.example/x' }))
    expect(navigated).toEqual([
      '/sign-in?redirect_url=%2Freports%3Ftab%3D2',
      '/sign-up?redirect_url=%2Fwelcome',
      // An off-origin force URL is dropped: back to this page.
      '/sign-in?redirect_url=%2Freports%3Ftab%3D2',
    ])
  })

  it("run the child's own onClick first, then sign out with the given options", async () => {
    const order: string[] = []
    const child = createElement('button', { type: 'button', onClick: () => order.push('child') }, 'Bye')
    await click(createElement(SignOutButton, { redirectUrl: '/bye', sessionId: 'sess_1' }, child))
    order.push('after')
    expect(order).toEqual(['child', 'after'])
    expect(signOuts).toEqual([{ redirectUrl: '/bye', sessionId: 'sess_1' }])
    await click(createElement(SignOutButton))
    expect(signOuts[1]).toEqual({ redirectUrl: '/' })
  })
})

describe('useClerk()', () => {
  const location = () => ({ href: '/here', origin: 'https://app.example' })
  const go = async (href: string) => {
    navigated.push(href)
  }

  it('gives the session, user, organization and client of each state', () => {
    const active = createClerk(contextFor('active'), location, go)
    expect(active.loaded).toBe(true)
    expect(active.session?.id).toBe('sess_1')
    expect(active.user?.id).toBe('user_1')
    expect(active.organization?.id).toBe('org_a')
    expect(active.client).toMatchObject({ lastActiveSessionId: 'sess_1', lastAuthenticationStrategy: 'password' })
    expect(active.client.activeSessions.map((session) => session.id)).toEqual(['sess_1'])

    const pending = createClerk(contextFor('pending'), location, go)
    // The reference's Clerk object holds a pending session too (the hooks decide how it counts).
    expect(pending.session?.status).toBe('pending')
    expect(pending.client.activeSessions).toEqual([])
    expect(pending.client.signedInSessions).toHaveLength(1)

    const out = createClerk(contextFor('signed-out'), location, go)
    expect([out.session, out.user, out.organization]).toEqual([null, null, null])

    const switching = createClerk(contextFor('switching'), location, go)
    expect([switching.loaded, switching.session, switching.user]).toEqual([false, undefined, undefined])
  })

  it('builds page URLs that return to this origin only', () => {
    const clerk = createClerk(contextFor('signed-out'), location, go)
    expect(clerk.buildSignInUrl()).toBe('/sign-in?redirect_url=%2Fhere')
    expect(clerk.buildSignUpUrl({ redirectUrl: 'https://app.example/a?b=1#c' })).toBe(
      '/sign-up?redirect_url=%2Fa%3Fb%3D1%23c',
    )
    expect(clerk.buildUserProfileUrl()).toBe('/account/profile')
    expect(clerk.buildCreateOrganizationUrl()).toBe('/create-organization')
  })

  it("builds the current task's and the active organization's pages, '' when there is none", async () => {
    const pending = createClerk(contextFor('pending'), location, go)
    expect(pending.buildTasksUrl()).toBe('/tasks/setup-mfa')
    const active = createClerk(contextFor('active'), location, go)
    expect(active.buildTasksUrl()).toBe('')
    expect(active.buildOrganizationProfileUrl()).toBe('/orgs/a/settings')
    const personal = createClerk(contextFor('active', null), location, go)
    expect(personal.buildOrganizationProfileUrl()).toBe('')
    navigated.length = 0
    await active.redirectToTasks()
    await personal.redirectToOrganizationProfile()
    expect(navigated).toEqual([])
    await pending.redirectToTasks()
    await active.redirectToOrganizationProfile()
    await active.redirectToCreateOrganization()
    expect(navigated).toEqual(['/tasks/setup-mfa', '/orgs/a/settings', '/create-organization'])
  })
})

describe('buildAuthPageUrl', () => {
  const current = { href: '/now', origin: 'https://app.example' }
  it('prefers the force URL, then redirectUrl, then the current page; a fallback only when none is usable', () => {
    expect(buildAuthPageUrl('/sign-in', { force: '/f', redirectUrl: '/r', fallback: '/b' }, current)).toBe(
      '/sign-in?redirect_url=%2Ff',
    )
    expect(buildAuthPageUrl('/sign-in', { redirectUrl: '/r', fallback: '/b' }, current)).toBe(
      '/sign-in?redirect_url=%2Fr',
    )
    expect(buildAuthPageUrl('/sign-in', { redirectUrl: 'https://evil.example/', fallback: '/b' }, current)).toBe(
      '/sign-in?redirect_url=%2Fb',
    )
    expect(buildAuthPageUrl('/sign-in', { redirectUrl: '//evil.example' }, current)).toBe('/sign-in')
  })
})

/**
 * Organizations on a real database. Guards: every operation re-reads the member's role (8.3.2);
 * ids from another organization are not found (VULN-08); nobody gives a role with more access than
 * their own, and an organization always keeps someone who can manage members, even when two admins
 * demote each other at once; invitations are single use, expire, and are for one address (REL-04:
 * 20 concurrent accepts, one membership); the token names only an organization the user belongs
 * to (8.4.1), stays small with 200 memberships (JWT-11), and follows an organization switch.
 */

import { and, eq } from 'drizzle-orm'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { organizationMemberships, organizations, sessionEvents, users } from '../../db/schema.ts'
import { authFixtures, later, newEmail, ORIGIN, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { sessionRow } from '../../test/support/sessions.ts'
import type { InstanceConfigInput } from '../config/instance.ts'
import type { AdminRole } from '../session/admin.ts'
import { isTesseraError } from '../session/errors.ts'
import { ORGANIZATION_OPERATIONS, type OrganizationOperation } from '../session/organizations.ts'
import { INVITATION_TTL_SECONDS, TOKEN_MAX_BYTES } from '../session/policy.ts'
import { deleteAccount } from './account.server.ts'
import { newId } from './crypto.server.ts'
import {
  acceptInvitation,
  createOrganization,
  deleteOrganization,
  inviteMember,
  leaveOrganization,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
  updateMemberRole,
  updateOrganization,
  userInvitations,
} from './organizations.server.ts'
import { issueToken, touchSession } from './sessions.server.ts'

const { db } = await openTestDatabase()
const { context, signUp, messagesTo } = authFixtures(db)

/** A custom role that manages members but nothing else: the escalation cases need one. */
const CONFIG: InstanceConfigInput = {
  organizations: {
    roles: {
      'org:admin': {
        name: 'Admin',
        permissions: [
          'org:sys_profile:manage',
          'org:sys_profile:delete',
          'org:sys_memberships:read',
          'org:sys_memberships:manage',
        ],
      },
      'org:manager': { name: 'Manager', permissions: ['org:sys_memberships:read', 'org:sys_memberships:manage'] },
      'org:member': { name: 'Member', permissions: ['org:sys_memberships:read'] },
    },
  },
}
const ctx = (now = T0, config: InstanceConfigInput = CONFIG) => context(now, config)

/** A signed-in user, as the services' acting session. */
async function person(options: { email?: string; now?: Date } = {}) {
  const signed = await signUp({ ...options, config: CONFIG })
  return {
    ...signed,
    acting: { id: signed.session.id, userId: signed.userId, clientId: signed.clientId },
  }
}

type Person = Awaited<ReturnType<typeof person>>

/** An organization made by `owner`, with `others` added in the roles given. */
async function organizationOf(owner: Person, others: Array<[Person, string]> = [], name = 'Acme') {
  const organization = await createOrganization(ctx(), owner.acting, {
    name,
    slug: `${name.toLowerCase()}-${newId('organization').slice(4, 14)}`,
  })
  for (const [member, role] of others) {
    await db.insert(organizationMemberships).values({
      id: newId('membership'),
      organizationId: organization.id,
      userId: member.userId,
      role,
      createdAt: T0,
      updatedAt: T0,
    })
  }
  return organization
}

const membershipOf = async (organizationId: string, userId: string) =>
  (
    await db
      .select()
      .from(organizationMemberships)
      .where(
        and(eq(organizationMemberships.organizationId, organizationId), eq(organizationMemberships.userId, userId)),
      )
  )[0] ?? null

const inviteLink = (to: string) => {
  const text = messagesTo(to).at(-1)?.text ?? ''
  return /#token=([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? ''
}

describe('creating and changing organizations', () => {
  it('makes the creator its admin, and refuses a taken or malformed slug', async () => {
    const owner = await person()
    const slug = `rockets-${newId('organization').slice(4, 12)}`
    const created = await createOrganization(ctx(), owner.acting, { name: 'Rockets', slug })
    expect(created).toMatchObject({ name: 'Rockets', slug, membersCount: 1 })
    expect((await membershipOf(created.id, owner.userId))?.role).toBe('org:admin')
    expect(await rejection(createOrganization(ctx(), owner.acting, { name: 'Again', slug }))).toBe(
      'organization_slug_taken',
    )
    expect(await rejection(createOrganization(ctx(), owner.acting, { name: 'Bad', slug: '-bad-' }))).toBe(
      'invalid_input',
    )
  })

  it('lets only roles with the permission rename it, checked at the time of the call', async () => {
    const owner = await person()
    const member = await person()
    const organization = await organizationOf(owner, [[member, 'org:member']])
    expect(await rejection(updateOrganization(ctx(), member.acting, organization.id, { name: 'Mine now' }))).toBe(
      'organization_forbidden',
    )
    await updateMemberRole(ctx(), owner.acting, organization.id, {
      membershipId: (await membershipOf(organization.id, member.userId))?.id ?? '',
      role: 'org:admin',
    })
    // The promotion counts at once: no new sign-in, no new token.
    const renamed = await updateOrganization(ctx(), member.acting, organization.id, { name: 'Renamed' })
    expect(renamed.name).toBe('Renamed')
  })
})

describe('every operation × every role, from the permission table (8.2.1)', () => {
  const OPERATIONS: Record<OrganizationOperation, (actor: Person, organizationId: string) => Promise<unknown>> = {
    read_members: (actor, organizationId) => listMembers(ctx(), actor.acting, organizationId),
    manage_members: (actor, organizationId) =>
      inviteMember(ctx(), actor.acting, organizationId, { emailAddress: newEmail(), role: 'org:member' }),
    update_profile: (actor, organizationId) =>
      updateOrganization(ctx(), actor.acting, organizationId, { name: 'New name' }),
    delete: (actor, organizationId) => deleteOrganization(ctx(), actor.acting, organizationId),
  }
  const ROLES = [...Object.keys(CONFIG.organizations?.roles ?? {}), null]

  for (const operation of Object.keys(OPERATIONS) as OrganizationOperation[]) {
    for (const role of ROLES) {
      const permission = ORGANIZATION_OPERATIONS[operation]
      const allowed = role !== null && (CONFIG.organizations?.roles?.[role]?.permissions ?? []).includes(permission)
      const expected = role === null ? 'organization_not_found' : allowed ? 'allowed' : 'organization_forbidden'
      it(`${operation} by ${role ?? 'a non-member'}: ${expected}`, async () => {
        const owner = await person()
        const actor = await person()
        const organization = await organizationOf(owner, role ? [[actor, role]] : [])
        const outcome = await OPERATIONS[operation](actor, organization.id).then(
          () => 'allowed',
          (error: unknown) => (isTesseraError(error) ? error.code : String(error)),
        )
        expect(outcome).toBe(expected)
      })
    }
  }
})

describe('members and roles', () => {
  it('does not find a member of another organization, nor an organization the user is not in (VULN-08)', async () => {
    const alice = await person()
    const bob = await person()
    const mallory = await person()
    const alices = await organizationOf(alice, [[bob, 'org:member']], 'Alices')
    const mallorys = await organizationOf(mallory, [], 'Mallorys')
    const bobInAlices = (await membershipOf(alices.id, bob.userId))?.id ?? ''
    // Mallory names Alice's member in her own organization, then in Alice's.
    expect(
      await rejection(
        updateMemberRole(ctx(), mallory.acting, mallorys.id, { membershipId: bobInAlices, role: 'org:admin' }),
      ),
    ).toBe('membership_not_found')
    expect(await rejection(removeMember(ctx(), mallory.acting, alices.id, bobInAlices))).toBe('organization_not_found')
    expect(await rejection(listMembers(ctx(), mallory.acting, alices.id))).toBe('organization_not_found')
    expect((await membershipOf(alices.id, bob.userId))?.role).toBe('org:member')
  })

  it('lets nobody give, change or take away a role with more access than their own', async () => {
    const admin = await person()
    const manager = await person()
    const member = await person()
    const organization = await organizationOf(admin, [
      [manager, 'org:manager'],
      [member, 'org:member'],
    ])
    const id = async (who: Person) => (await membershipOf(organization.id, who.userId))?.id ?? ''
    // A manager manages members, but cannot make anyone (themselves included) an admin…
    for (const target of [member, manager]) {
      expect(
        await rejection(
          updateMemberRole(ctx(), manager.acting, organization.id, {
            membershipId: await id(target),
            role: 'org:admin',
          }),
        ),
      ).toBe('role_not_assignable')
    }
    // …nor touch the admin, nor invite one.
    expect(await rejection(removeMember(ctx(), manager.acting, organization.id, await id(admin)))).toBe(
      'role_not_assignable',
    )
    expect(
      await rejection(
        inviteMember(ctx(), manager.acting, organization.id, { emailAddress: newEmail(), role: 'org:admin' }),
      ),
    ).toBe('role_not_assignable')
    // What they may do, they can.
    await updateMemberRole(ctx(), manager.acting, organization.id, {
      membershipId: await id(member),
      role: 'org:manager',
    })
    expect((await membershipOf(organization.id, member.userId))?.role).toBe('org:manager')
    // A role the instance does not define is refused by name.
    expect(
      await rejection(
        updateMemberRole(ctx(), admin.acting, organization.id, { membershipId: await id(member), role: 'org:owner' }),
      ),
    ).toBe('role_not_found')
  })

  // Issue 20, finding 7: a role named like a property every object inherits answered 500.
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'refuses the role %j by name, on invitations and role changes alike',
    async (role) => {
      const admin = await person()
      const member = await person()
      const organization = await organizationOf(admin, [[member, 'org:member']])
      const membershipId = (await membershipOf(organization.id, member.userId))?.id ?? ''
      expect(await rejection(updateMemberRole(ctx(), admin.acting, organization.id, { membershipId, role }))).toBe(
        'role_not_found',
      )
      expect(
        await rejection(inviteMember(ctx(), admin.acting, organization.id, { emailAddress: newEmail(), role })),
      ).toBe('role_not_found')
      expect((await membershipOf(organization.id, member.userId))?.role).toBe('org:member')
    },
  )

  it('always keeps someone who can manage members, even when two admins demote each other at once', async () => {
    const first = await person()
    const second = await person()
    const organization = await organizationOf(first)
    const own = (await membershipOf(organization.id, first.userId))?.id ?? ''
    expect(
      await rejection(
        updateMemberRole(ctx(), first.acting, organization.id, { membershipId: own, role: 'org:member' }),
      ),
    ).toBe('organization_last_manager')
    expect(await rejection(leaveOrganization(ctx(), first.acting, organization.id))).toBe('organization_last_manager')

    await db.insert(organizationMemberships).values({
      id: newId('membership'),
      organizationId: organization.id,
      userId: second.userId,
      role: 'org:admin',
      createdAt: T0,
      updatedAt: T0,
    })
    const theirs = (await membershipOf(organization.id, second.userId))?.id ?? ''
    const results = await Promise.allSettled([
      updateMemberRole(ctx(), first.acting, organization.id, { membershipId: theirs, role: 'org:member' }),
      updateMemberRole(ctx(), second.acting, organization.id, { membershipId: own, role: 'org:member' }),
    ])
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((result) => result.status === 'rejected')
    expect(refused?.status === 'rejected' && isTesseraError(refused.reason) && refused.reason.code).toBeTruthy()
    const roles = await db
      .select({ role: organizationMemberships.role })
      .from(organizationMemberships)
      .where(eq(organizationMemberships.organizationId, organization.id))
    expect(roles.filter((row) => row.role === 'org:admin')).toHaveLength(1)
  })

  it('hands over before an account is deleted: the last admin of a shared organization cannot go, a sole one takes it along', async () => {
    const admin = await person()
    const member = await person()
    const shared = await organizationOf(admin, [[member, 'org:member']], 'Shared')
    const solo = await organizationOf(member, [], 'Solo')
    expect(await rejection(deleteAccount(ctx(), admin.acting))).toBe('organization_last_manager')
    await deleteAccount(ctx(), member.acting)
    expect(await db.$count(organizations, eq(organizations.id, solo.id))).toBe(0)
    expect(await db.$count(organizationMemberships, eq(organizationMemberships.organizationId, shared.id))).toBe(1)
  })
})

describe('invitations', () => {
  it('are accepted once, from the link, by a user who verified the address', async () => {
    const admin = await person()
    const organization = await organizationOf(admin)
    const invitee = await person()
    const stranger = await person()
    await inviteMember(ctx(), admin.acting, organization.id, { emailAddress: invitee.email, role: 'org:member' })
    const token = inviteLink(invitee.email)
    expect(messagesTo(invitee.email).at(-1)?.text).toContain(`${ORIGIN}/invitations/accept#token=`)
    expect(await rejection(acceptInvitation(ctx(), stranger.acting, { token }))).toBe('invitation_email_mismatch')
    // By id, someone else's invitation does not exist.
    const [listed] = (await userInvitations(ctx(), invitee.userId)).data
    expect(await rejection(acceptInvitation(ctx(), stranger.acting, { invitationId: listed?.id ?? '' }))).toBe(
      'invitation_not_found',
    )
    expect(await acceptInvitation(ctx(), invitee.acting, { token })).toEqual({ organizationId: organization.id })
    expect((await membershipOf(organization.id, invitee.userId))?.role).toBe('org:member')
    expect(await rejection(acceptInvitation(ctx(), invitee.acting, { token }))).toBe('invitation_used')
  })

  it('expire after 7 days, and a revoked one is dead', async () => {
    const admin = await person()
    const organization = await organizationOf(admin)
    const invitee = await person()
    await inviteMember(ctx(), admin.acting, organization.id, { emailAddress: invitee.email })
    const token = inviteLink(invitee.email)
    expect(await rejection(acceptInvitation(ctx(later(INVITATION_TTL_SECONDS)), invitee.acting, { token }))).toBe(
      'invitation_expired',
    )
    const invitation = await inviteMember(ctx(), admin.acting, organization.id, { emailAddress: invitee.email })
    // Inviting again replaced the first invitation.
    expect(await rejection(acceptInvitation(ctx(), invitee.acting, { token }))).toBe('invitation_used')
    await revokeInvitation(ctx(), admin.acting, organization.id, invitation.id)
    expect(await rejection(acceptInvitation(ctx(), invitee.acting, { token: inviteLink(invitee.email) }))).toBe(
      'invitation_used',
    )
    expect(await membershipOf(organization.id, invitee.userId)).toBeNull()
  })

  it('twenty concurrent accepts of one invitation make exactly one membership, round after round (REL-04)', async () => {
    const admin = await person()
    const organization = await organizationOf(admin)
    for (let round = 0; round < 5; round++) {
      const invitee = await person()
      await inviteMember(ctx(), admin.acting, organization.id, { emailAddress: invitee.email })
      const token = inviteLink(invitee.email)
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => acceptInvitation(ctx(), invitee.acting, { token })),
      )
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
      for (const result of results) {
        if (result.status === 'rejected') {
          expect(isTesseraError(result.reason), String(result.reason)).toBe(true)
          expect(['invitation_used', 'already_member']).toContain(result.reason.code)
        }
      }
      expect(await db.$count(organizationMemberships, eq(organizationMemberships.userId, invitee.userId))).toBe(1)
    }
  })
})

describe('the organization a session acts for', () => {
  it('shows in the token, follows a switch, and is never one the user does not belong to (8.4.1)', async () => {
    const user = await person()
    const first = await organizationOf(user, [], 'First')
    const second = await organizationOf(user, [], 'Second')
    const stranger = await person()
    const foreign = await organizationOf(stranger, [], 'Foreign')
    const mint = async (organizationId?: string | null) =>
      decodeJwt(
        (
          await issueToken(
            { ...ctx(), mint: { db, config: ctx().config, now: T0, issuer: ORIGIN, authorizedParty: ORIGIN } },
            { clientId: user.clientId, sessionId: user.session.id, template: null, organizationId },
          )
        ).jwt,
      )

    expect((await mint()).o).toBeUndefined()
    await touchSession(ctx(), {
      ...user.acting,
      sessionId: user.session.id,
      intent: 'select_org',
      organizationId: first.id,
    })
    expect((await mint()).o).toMatchObject({ id: first.id, slg: first.slug, rol: 'admin' })
    // A tab acting for another of the user's organizations mints for it without switching the session.
    expect((await mint(second.id)).o).toMatchObject({ id: second.id })
    expect(await rejection(mint(foreign.id))).toBe('organization_not_found')
    expect(
      await rejection(
        touchSession(ctx(), {
          ...user.acting,
          sessionId: user.session.id,
          intent: 'select_org',
          organizationId: foreign.id,
        }),
      ),
    ).toBe('organization_not_found')

    // Removed from the organization: the session acts for nobody, and no token names it.
    await db.delete(organizationMemberships).where(eq(organizationMemberships.organizationId, first.id))
    expect((await mint()).o).toBeUndefined()
  })

  it('falls back to a task when the organization goes and personal accounts are off', async () => {
    const config: InstanceConfigInput = {
      ...CONFIG,
      organizations: { ...CONFIG.organizations, allowPersonalAccounts: false },
    }
    const admin = await person()
    const member = await person()
    const organization = await organizationOf(admin, [[member, 'org:member']])
    const chose = await touchSession(ctx(T0, config), {
      clientId: member.clientId,
      sessionId: member.session.id,
      intent: 'select_org',
      organizationId: organization.id,
    })
    expect(chose.lastActiveOrganizationId).toBe(organization.id)
    expect(
      await rejection(
        touchSession(ctx(T0, config), {
          clientId: member.clientId,
          sessionId: member.session.id,
          intent: 'select_org',
          organizationId: null,
        }),
      ),
    ).toBe('personal_account_not_allowed')

    await deleteOrganization(ctx(T0, config), admin.acting, organization.id)
    const row = await sessionRow(db, member.session.id)
    expect(row).toMatchObject({ status: 'pending', tasks: ['choose-organization'], lastActiveOrganizationId: null })
  })

  it('carries an organization with 200 memberships in a token under the size limit (JWT-11)', async () => {
    const user = await person()
    const rows = Array.from({ length: 200 }, (_, index) => ({ id: newId('organization'), index }))
    await db.insert(organizations).values(
      rows.map(({ id, index }) => ({
        id,
        name: `Organization number ${index} with a long descriptive name`,
        slug: `many-${id.slice(4, 20)}`,
        createdAt: T0,
        updatedAt: T0,
      })),
    )
    await db.insert(organizationMemberships).values(
      rows.map(({ id }) => ({
        id: newId('membership'),
        organizationId: id,
        userId: user.userId,
        role: 'org:admin',
        createdAt: T0,
        updatedAt: T0,
      })),
    )
    const last = rows.at(-1)?.id ?? ''
    await touchSession(ctx(), {
      clientId: user.clientId,
      sessionId: user.session.id,
      intent: 'select_org',
      organizationId: last,
    })
    const { jwt } = await issueToken(
      { ...ctx(), mint: { db, config: ctx().config, now: T0, issuer: ORIGIN, authorizedParty: ORIGIN } },
      { clientId: user.clientId, sessionId: user.session.id, template: null },
    )
    expect(jwt.length).toBeLessThan(4096)
    expect(jwt.length).toBeLessThan(TOKEN_MAX_BYTES)
    expect(decodeJwt(jwt).o).toMatchObject({ id: last })
  })
})

describe('an impersonating admin (issue 20, finding 3)', () => {
  /** `customer`'s session with `admin` impersonating it, as the services receive it. */
  const impersonated = (customer: Person, admin: Person) => ({
    ...customer.acting,
    actor: { sub: admin.userId },
  })
  async function adminOf(role: AdminRole) {
    const admin = await person()
    await db.update(users).set({ adminRole: role }).where(eq(users.id, admin.userId))
    return admin
  }

  it('cannot turn a support impersonation into lasting membership (invite self, then accept and remove the customer)', async () => {
    const support = await adminOf('support')
    const customer = await person()
    const organization = await organizationOf(customer)
    const acting = impersonated(customer, support)
    // The attack: invite the admin's own address as an admin of the customer's organization…
    expect(
      await rejection(inviteMember(ctx(), acting, organization.id, { emailAddress: support.email, role: 'org:admin' })),
    ).toBe('impersonation_forbidden')
    expect(inviteLink(support.email)).toBe('')
    // …or any address: a support role may not manage members through an impersonation.
    expect(
      await rejection(inviteMember(ctx(), acting, organization.id, { emailAddress: newEmail(), role: 'org:member' })),
    ).toBe('impersonation_forbidden')
    const customerMembership = (await membershipOf(organization.id, customer.userId))?.id ?? ''
    expect(await rejection(removeMember(ctx(), acting, organization.id, customerMembership))).toBe(
      'impersonation_forbidden',
    )
    expect(await rejection(updateOrganization(ctx(), acting, organization.id, { name: 'Taken' }))).toBe(
      'impersonation_forbidden',
    )
    expect(await rejection(deleteOrganization(ctx(), acting, organization.id))).toBe('impersonation_forbidden')
    expect(await membershipOf(organization.id, support.userId)).toBeNull()
    expect((await membershipOf(organization.id, customer.userId))?.role).toBe('org:admin')
  })

  it('lets an admin who may manage users act for the customer, but never toward their own account', async () => {
    const admin = await adminOf('admin')
    const customer = await person()
    const organization = await organizationOf(customer, [[admin, 'org:member']])
    const acting = impersonated(customer, admin)
    const own = (await membershipOf(organization.id, admin.userId))?.id ?? ''
    expect(
      await rejection(inviteMember(ctx(), acting, organization.id, { emailAddress: admin.email.toUpperCase() })),
    ).toBe('impersonation_forbidden')
    expect(
      await rejection(updateMemberRole(ctx(), acting, organization.id, { membershipId: own, role: 'org:admin' })),
    ).toBe('impersonation_forbidden')
    expect((await membershipOf(organization.id, admin.userId))?.role).toBe('org:member')
    // For someone else, it works, and the ledger names both the customer and the admin.
    const invitee = newEmail()
    await inviteMember(ctx(), acting, organization.id, { emailAddress: invitee, role: 'org:member' })
    const [entry] = await db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.type, 'organization_invitation_sent'), eq(sessionEvents.sessionId, acting.id)))
    expect(entry).toMatchObject({ actorUserId: customer.userId, impersonatorId: admin.userId })
  })

  it('is not asked for an agent acting for the user', async () => {
    const customer = await person()
    const organization = await organizationOf(customer)
    const agent = { ...customer.acting, actor: { sub: 'agent_helper', type: 'agent' as const } }
    await inviteMember(ctx(), agent, organization.id, { emailAddress: newEmail(), role: 'org:member' })
  })
})

describe("the browser API's lists and member changes by user id (the reference's Organization resource)", () => {
  it('pages the members with the total, filtered by role and by name or email address', async () => {
    const admin = await person()
    const others = await Promise.all([1, 2, 3, 4].map(() => person()))
    const [first, second, third, fourth] = others
    if (!first || !second || !third || !fourth) throw new Error('no people')
    const organization = await organizationOf(admin, [
      [first, 'org:member'],
      [second, 'org:member'],
      [third, 'org:manager'],
      [fourth, 'org:member'],
    ])
    const all = await listMembers(ctx(), admin.acting, organization.id, {}, { limit: 10, offset: 0 })
    expect(all.total_count).toBe(5)
    const pageOne = await listMembers(ctx(), admin.acting, organization.id, {}, { limit: 2, offset: 0 })
    const pageThree = await listMembers(ctx(), admin.acting, organization.id, {}, { limit: 2, offset: 4 })
    expect(pageOne).toMatchObject({ total_count: 5, data: all.data.slice(0, 2) })
    expect(pageThree).toMatchObject({ total_count: 5, data: all.data.slice(4) })
    expect(all.data.find((member) => member.publicUserData.userId === admin.userId)).toMatchObject({
      role: 'org:admin',
      permissions: expect.arrayContaining(['org:sys_profile:delete']),
    })

    const managing = await listMembers(ctx(), admin.acting, organization.id, { role: ['org:admin', 'org:manager'] })
    expect(managing.total_count).toBe(2)
    expect(managing.data.map((member) => member.publicUserData.userId).sort()).toEqual(
      [admin.userId, third.userId].sort(),
    )
    const byEmail = await listMembers(ctx(), admin.acting, organization.id, { query: second.email.slice(0, -4) })
    expect(byEmail.data.map((member) => member.publicUserData.userId)).toEqual([second.userId])
    // A LIKE wildcard is a character to match, not a pattern.
    expect((await listMembers(ctx(), admin.acting, organization.id, { query: '%' })).total_count).toBe(0)
  })

  it('changes and removes a member named by user id, answering the member', async () => {
    const admin = await person()
    const member = await person()
    const organization = await organizationOf(admin, [[member, 'org:member']])
    const promoted = await updateMemberRole(ctx(), admin.acting, organization.id, {
      userId: member.userId,
      role: 'org:manager',
    })
    expect(promoted).toMatchObject({
      role: 'org:manager',
      roleName: 'Manager',
      publicUserData: { userId: member.userId },
    })
    expect((await membershipOf(organization.id, member.userId))?.role).toBe('org:manager')
    const removed = await removeMember(ctx(), admin.acting, organization.id, { userId: member.userId })
    expect(removed).toMatchObject({ id: promoted.id, role: 'org:manager' })
    expect(await membershipOf(organization.id, member.userId)).toBeNull()
  })

  it('does not find a user of another organization, and refuses a member without the permission', async () => {
    const alice = await person()
    const bob = await person()
    const mallory = await person()
    const carol = await person()
    const alices = await organizationOf(alice, [[bob, 'org:member']], 'Alices')
    const mallorys = await organizationOf(mallory, [[carol, 'org:member']], 'Mallorys')
    // Mallory names Alice's member in her own organization: not found there.
    for (const attempt of [
      () => updateMemberRole(ctx(), mallory.acting, mallorys.id, { userId: bob.userId, role: 'org:admin' }),
      () => removeMember(ctx(), mallory.acting, mallorys.id, { userId: bob.userId }),
    ])
      expect(await rejection(attempt())).toBe('membership_not_found')
    // In Alice's organization, Mallory is nobody.
    for (const attempt of [
      () => updateMemberRole(ctx(), mallory.acting, alices.id, { userId: bob.userId, role: 'org:admin' }),
      () => removeMember(ctx(), mallory.acting, alices.id, { userId: bob.userId }),
      () => listInvitations(ctx(), mallory.acting, alices.id),
    ])
      expect(await rejection(attempt())).toBe('organization_not_found')
    // Carol is a member of Mallory's, without the permission to manage members.
    for (const attempt of [
      () => updateMemberRole(ctx(), carol.acting, mallorys.id, { userId: mallory.userId, role: 'org:member' }),
      () => removeMember(ctx(), carol.acting, mallorys.id, { userId: mallory.userId }),
    ])
      expect(await rejection(attempt())).toBe('organization_forbidden')
    expect((await membershipOf(alices.id, bob.userId))?.role).toBe('org:member')
    expect((await membershipOf(mallorys.id, mallory.userId))?.role).toBe('org:admin')
  })

  it("pages the invitations by the reference's statuses, expired ones apart from pending ones", async () => {
    const admin = await person()
    const organization = await organizationOf(admin)
    const sent = []
    for (let index = 0; index < 3; index++)
      sent.push(
        await inviteMember(ctx(), admin.acting, organization.id, { emailAddress: newEmail(), role: 'org:member' }),
      )
    const [revoked] = sent
    if (!revoked) throw new Error('none sent')
    await revokeInvitation(ctx(), admin.acting, organization.id, revoked.id)
    const pending = await listInvitations(ctx(), admin.acting, organization.id, {}, { limit: 1, offset: 1 })
    expect(pending.total_count).toBe(2)
    expect(pending.data).toHaveLength(1)
    expect(pending.data[0]).toMatchObject({ organizationId: organization.id, status: 'pending' })
    const revokedOnes = await listInvitations(ctx(), admin.acting, organization.id, { status: ['revoked'] })
    expect(revokedOnes.data.map((invitation) => invitation.id)).toEqual([revoked.id])
    // A week later the pending ones have expired: listed as expired, no longer as pending.
    const weekLater = ctx(later(INVITATION_TTL_SECONDS))
    expect((await listInvitations(weekLater, admin.acting, organization.id)).total_count).toBe(0)
    const expired = await listInvitations(weekLater, admin.acting, organization.id, { status: ['expired', 'revoked'] })
    expect(expired.data.map((invitation) => invitation.status).sort()).toEqual(['expired', 'expired', 'revoked'])
  })

  it("pages the user's own invitations, and only to their verified addresses", async () => {
    const admin = await person()
    const invitee = await person()
    const stranger = await person()
    for (const name of ['One', 'Two', 'Three']) {
      const organization = await organizationOf(admin, [], name)
      await inviteMember(ctx(), admin.acting, organization.id, { emailAddress: invitee.email, role: 'org:member' })
    }
    const page = await userInvitations(ctx(), invitee.userId, {}, { limit: 2, offset: 2 })
    expect(page.total_count).toBe(3)
    expect(page.data).toHaveLength(1)
    expect(page.data[0]).toMatchObject({ emailAddress: invitee.email, status: 'pending' })
    expect(await userInvitations(ctx(), stranger.userId)).toEqual({ data: [], total_count: 0 })
    expect((await userInvitations(ctx(), invitee.userId, { status: ['accepted'] })).total_count).toBe(0)
  })
})

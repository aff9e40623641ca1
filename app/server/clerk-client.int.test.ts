/**
 * The server entry's `clerkClient()` (docs/decisions/035-the-server-clerk-client.md) on a real
 * database: the Backend API's reads in-process, as the reference's Backend SDK resources. Ids of
 * the wrong shape name nothing (the same 404 as `/v1`), list parameters out of range are refused
 * with `invalid_input`, and nothing is written.
 */

import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { sessionEvents, users } from '../../db/schema.ts'
import { authFixtures, rejection } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { Organization, User } from '../session/backend-resources.ts'
import { USER_METADATA_MAX_BYTES } from '../session/policy.ts'
import { backendClient } from './clerk-client.server.ts'
import { toUserJSON } from './client-snapshot.server.ts'
import { newId } from './crypto.server.ts'
import { createOrganization } from './organizations.server.ts'
import { loadUsers } from './users.server.ts'

const { db } = await openTestDatabase()
const { context, signUp } = authFixtures(db)
const client = backendClient(async () => context())

describe('clerkClient().users', () => {
  it('getUser answers the Backend SDK’s User, with its email addresses and derived fields', async () => {
    const { userId, email } = await signUp()
    const user = await client.users.getUser(userId)
    expect(user).toBeInstanceOf(User)
    expect(user).toMatchObject({ id: userId, firstName: 'Test', lastName: null, banned: false, passwordEnabled: true })
    expect(user.fullName).toBe('Test')
    expect(user.primaryEmailAddress?.emailAddress).toBe(email)
    expect(user.emailAddresses[0]?.verification?.status).toBe('verified')
    expect(user.raw.id).toBe(userId)
    // What a server route returns with `json({ user })`.
    expect(JSON.parse(JSON.stringify({ user })).user).toMatchObject({ id: userId, firstName: 'Test' })
  })

  it('getUser refuses an unknown id and anything that is not a user id with user_not_found', async () => {
    await signUp()
    for (const id of [newId('user'), 'user_', '', 'org_x', "' or 1=1 --", 42 as unknown as string]) {
      expect(await rejection(client.users.getUser(id))).toBe('user_not_found')
    }
  })

  it('getUserList filters and counts; parameters out of range are invalid_input', async () => {
    const a = await signUp()
    const b = await signUp()
    const listed = await client.users.getUserList({ userId: [a.userId, b.userId], orderBy: '+created_at' })
    expect(listed.totalCount).toBe(2)
    expect(listed.data.map((user) => user.id).sort()).toEqual([a.userId, b.userId].sort())
    const byEmail = await client.users.getUserList({ emailAddress: [a.email.toUpperCase()] })
    expect(byEmail.data.map((user) => user.id)).toEqual([a.userId])
    const first = await client.users.getUserList({ userId: [a.userId, b.userId], limit: 1 })
    expect([first.data.length, first.totalCount]).toEqual([1, 2])
    for (const params of [
      { limit: 0 },
      { limit: 501 },
      { limit: 1.5 },
      { offset: -1 },
      { userId: ['not-a-user'] },
      { orderBy: 'name; drop table users' },
      { orderBy: 'password' },
      { banned: true },
    ]) {
      expect(await rejection(client.users.getUserList(params as never)), JSON.stringify(params)).toBe('invalid_input')
    }
  })
})

describe('clerkClient().users.updateUserMetadata', () => {
  const metadataOf = async (userId: string) =>
    (
      await db
        .select({ pub: users.publicMetadata, priv: users.privateMetadata, unsafe: users.unsafeMetadata })
        .from(users)
        .where(eq(users.id, userId))
    )[0]

  it('deep-merges each object (null removes a key), records it, and keeps private metadata off the browser', async () => {
    const { userId } = await signUp()
    await client.users.updateUserMetadata(userId, {
      publicMetadata: { role: 'admin', plan: { tier: 'free', seats: 1 } },
    })
    const user = await client.users.updateUserMetadata(userId, {
      publicMetadata: { plan: { tier: 'pro' }, role: null },
      privateMetadata: { stripeId: 'cus_1' },
    })
    expect(user.publicMetadata).toEqual({ plan: { tier: 'pro', seats: 1 } })
    expect(user.privateMetadata).toEqual({ stripeId: 'cus_1' })
    expect((await client.users.getUser(userId)).privateMetadata).toEqual({ stripeId: 'cus_1' })
    const loaded = (await loadUsers(db, context().config.access, [userId])).get(userId)
    const browser = loaded && toUserJSON(loaded)
    expect(browser?.publicMetadata).toEqual({ plan: { tier: 'pro', seats: 1 } })
    expect(JSON.stringify(browser)).not.toContain('cus_1')
    const recorded = await db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.userId, userId), eq(sessionEvents.type, 'profile_updated')))
    expect(recorded.map((row) => [row.actor, row.actorUserId])).toEqual([
      ['system', null],
      ['system', null],
    ])
    // The same patch again changes nothing and records nothing.
    await client.users.updateUserMetadata(userId, { privateMetadata: { stripeId: 'cus_1' } })
    expect(
      await db.$count(sessionEvents, and(eq(sessionEvents.userId, userId), eq(sessionEvents.type, 'profile_updated'))),
    ).toBe(2)
  })

  it('refuses bad input with a coded 4xx and changes nothing', async () => {
    const { userId } = await signUp()
    await client.users.updateUserMetadata(userId, { unsafeMetadata: { step: 1 } })
    const before = await metadataOf(userId)
    const big = { blob: 'x'.repeat(USER_METADATA_MAX_BYTES) }
    for (const [params, code] of [
      [{ publicMetadata: big }, 'metadata_too_large'],
      [{ unsafeMetadata: { step: 2 }, privateMetadata: big }, 'metadata_too_large'],
      [{ publicMetadata: ['admin'] }, 'invalid_input'],
      [{ publicMetadata: 'admin' }, 'invalid_input'],
      [{ publicMetadata: { at: new Date(0) } }, 'invalid_input'],
      [{ firstName: 'Eve' }, 'invalid_input'],
      [null, 'invalid_input'],
    ] as const) {
      expect(await rejection(client.users.updateUserMetadata(userId, params as never)), JSON.stringify(params)).toBe(
        code,
      )
    }
    expect(await metadataOf(userId)).toEqual(before)
    for (const id of [newId('user'), 'not-a-user']) {
      expect(await rejection(client.users.updateUserMetadata(id, { publicMetadata: { a: 1 } }))).toBe('user_not_found')
    }
  })
})

describe('clerkClient().organizations', () => {
  it('getOrganization by id or slug, with the member count when asked', async () => {
    const owner = await signUp()
    const slug = `acme-${newId('organization').slice(4, 14)}`
    const created = await createOrganization(
      context(),
      { id: owner.session.id, userId: owner.userId, clientId: owner.clientId },
      { name: 'Acme Corp', slug },
    )
    const byId = await client.organizations.getOrganization({ organizationId: created.id })
    expect(byId).toBeInstanceOf(Organization)
    expect(byId).toMatchObject({ id: created.id, name: 'Acme Corp', slug, createdBy: owner.userId })
    expect(byId.membersCount).toBeUndefined()
    const bySlug = await client.organizations.getOrganization({ slug, includeMembersCount: true })
    expect([bySlug.id, bySlug.membersCount]).toEqual([created.id, 1])
  })

  it('refuses an unknown id or slug, or neither, with organization_not_found', async () => {
    for (const params of [
      { organizationId: newId('organization') },
      { slug: 'no-such-organization' },
      { slug: 'Not A Slug!' },
      {},
      { organizationId: 7 },
    ]) {
      expect(await rejection(client.organizations.getOrganization(params as never))).toBe('organization_not_found')
    }
  })
})

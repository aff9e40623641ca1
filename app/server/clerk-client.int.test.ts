/**
 * The server entry's `clerkClient()` (docs/decisions/035-the-server-clerk-client.md) on a real
 * database: the Backend API's reads in-process, as the reference's Backend SDK resources. Ids of
 * the wrong shape name nothing (the same 404 as `/v1`), list parameters out of range are refused
 * with `invalid_input`, and nothing is written.
 */

import { describe, expect, it } from 'vitest'
import { authFixtures, rejection } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { Organization, User } from '../session/backend-resources.ts'
import { backendClient } from './clerk-client.server.ts'
import { newId } from './crypto.server.ts'
import { createOrganization } from './organizations.server.ts'

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

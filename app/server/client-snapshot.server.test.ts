import { describe, expect, it } from 'vitest'
import { toPublicUserData } from './client-snapshot.server.ts'

const user = { id: 'user_1', firstName: 'Ada', lastName: null, imageDigest: null, bannedAt: null }

describe('toPublicUserData', () => {
  it("has the reference's username (none yet) and banned fields", () => {
    const data = toPublicUserData({ user, emails: [{ email: 'ada@example.com', isPrimary: true }] } as never)
    expect(data).toMatchObject({ identifier: 'ada@example.com', username: null, banned: false })
    const banned = toPublicUserData({ user: { ...user, bannedAt: new Date() }, emails: [] } as never)
    expect(banned).toMatchObject({ identifier: 'user_1', banned: true })
  })
})

import { describe, expect, it } from 'vitest'
import { ADMIN_PERMISSIONS, ADMIN_ROLES, type AdminPermission, accountActionRefusal, adminCan } from './admin.ts'

// The permission matrix, written out: a change to a role's powers must change this table too.
const MATRIX: Record<(typeof ADMIN_ROLES)[number], Record<AdminPermission, boolean>> = {
  support: {
    'admin:read': true,
    'admin:manage_users': false,
    'admin:manage_sessions': true,
    'admin:impersonate': true,
    'admin:impersonate_admins': false,
    'admin:manage_instance': false,
  },
  admin: {
    'admin:read': true,
    'admin:manage_users': true,
    'admin:manage_sessions': true,
    'admin:impersonate': true,
    'admin:impersonate_admins': false,
    'admin:manage_instance': true,
  },
  owner: {
    'admin:read': true,
    'admin:manage_users': true,
    'admin:manage_sessions': true,
    'admin:impersonate': true,
    'admin:impersonate_admins': true,
    'admin:manage_instance': true,
  },
}

describe('admin permissions', () => {
  const cases = ADMIN_ROLES.flatMap((role) =>
    ADMIN_PERMISSIONS.map((permission) => [role, permission, MATRIX[role][permission]] as const),
  )
  it.each(cases)('%s may use %s: %s', (role, permission, allowed) => {
    expect(adminCan(role, permission)).toBe(allowed)
  })

  it.each([null, undefined, '', 'superuser', 'OWNER'])('fails closed for the role %j', (role) => {
    for (const permission of ADMIN_PERMISSIONS) expect(adminCan(role, permission)).toBe(false)
  })
})

describe('acting on an account', () => {
  const admin = { adminId: 'user_admin', adminRole: 'admin' }
  it('is refused on the admin’s own account, whatever their role', () => {
    expect(accountActionRefusal({ ...admin, target: { id: 'user_admin', adminRole: 'admin' } })).toBe('self')
    expect(
      accountActionRefusal({
        adminId: 'user_owner',
        adminRole: 'owner',
        target: { id: 'user_owner', adminRole: 'owner' },
      }),
    ).toBe('self')
  })

  it('is refused on another admin unless the one acting is an owner', () => {
    for (const adminRole of ['support', 'admin', 'owner']) {
      expect(accountActionRefusal({ ...admin, target: { id: 'user_other', adminRole } })).toBe('target_is_admin')
      expect(
        accountActionRefusal({ adminId: 'user_owner', adminRole: 'owner', target: { id: 'user_other', adminRole } }),
      ).toBeNull()
    }
  })

  it('is allowed on anyone else', () => {
    expect(accountActionRefusal({ ...admin, target: { id: 'user_customer', adminRole: null } })).toBeNull()
  })
})

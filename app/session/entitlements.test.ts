import { describe, expect, it } from 'vitest'
import { type AccessPolicy, featuresFor, planFor, rolePermissions } from './entitlements.ts'
import { DEFAULT_ROLES } from './organizations.ts'

const policy: AccessPolicy = {
  roles: {
    ...DEFAULT_ROLES,
    'org:analyst': { name: 'Analyst', description: '', permissions: ['org:reports:read', 'org:invoices:read'] },
  },
  features: {
    reports: { name: 'Reports', permissions: ['read', 'manage'] },
    invoices: { name: 'Invoices', permissions: ['read'] },
    api_access: { name: 'API access', permissions: [] },
  },
  plans: {
    free: { name: 'Free', for: 'user', features: [] },
    pro: { name: 'Pro', for: 'user', features: ['api_access'] },
    team: { name: 'Team', for: 'organization', features: ['reports'] },
    business: { name: 'Business', for: 'organization', features: ['reports', 'invoices'] },
  },
  defaultPlans: { user: 'free', organization: 'team' },
}

describe('plans and features', () => {
  it('uses the assigned plan when it exists for the scope, else the default', () => {
    expect(planFor(policy, 'user', 'pro')).toBe('pro')
    expect(planFor(policy, 'user', null)).toBe('free')
    expect(planFor(policy, 'user', 'team')).toBe('free')
    expect(planFor(policy, 'organization', 'gone')).toBe('team')
  })

  it('enables the features of the plan, in definition order', () => {
    expect(featuresFor(policy, 'organization', 'business')).toEqual(['reports', 'invoices'])
    expect(featuresFor(policy, 'user', 'pro')).toEqual(['api_access'])
    expect(featuresFor(policy, 'user', null)).toEqual([])
  })

  it('enables every feature for organizations when the instance has no organization plans', () => {
    const noBilling: AccessPolicy = { ...policy, plans: {}, defaultPlans: { user: null, organization: null } }
    expect(featuresFor(noBilling, 'organization', null)).toEqual(['reports', 'invoices', 'api_access'])
    expect(featuresFor(noBilling, 'user', null)).toEqual([])
  })
})

describe('rolePermissions', () => {
  it('keeps system permissions and the custom ones whose feature is enabled', () => {
    expect(rolePermissions(policy, 'org:analyst', ['reports'])).toEqual(['org:reports:read'])
    expect(rolePermissions(policy, 'org:analyst', ['reports', 'invoices'])).toEqual([
      'org:reports:read',
      'org:invoices:read',
    ])
    expect(rolePermissions(policy, 'org:member', [])).toEqual(['org:sys_memberships:read', 'org:sys_billing:read'])
  })

  it('grants nothing for a role the instance no longer defines', () => {
    expect(rolePermissions(policy, 'org:retired', ['reports'])).toEqual([])
  })
})

import { Link } from '@tanstack/react-router'
import { Protect, useAuth, useSession } from '../auth/index.ts'
import { decodeAuthorizationClaims } from '../session/claims.ts'
import { describeMinutes } from '../session/durations.ts'
import { REVERIFICATION_STRICT_MINUTES } from '../session/policy.ts'
import { Badge } from './ui/badge.tsx'
import { Card } from './ui/card.tsx'

/** Checks worth showing: each answered by the same `has()` the server runs. */
const CHECKS = [
  { label: 'Admin of this organization', params: { role: 'org:admin' } },
  { label: 'Manage members', params: { permission: 'org:sys_memberships:manage' } },
  { label: 'Read reports', params: { permission: 'org:reports:read' } },
  { label: 'Reports feature', params: { feature: 'reports' } },
  { label: 'API access (Pro plan)', params: { feature: 'user:api_access' } },
  {
    label: `Verified in the last ${describeMinutes(REVERIFICATION_STRICT_MINUTES)}`,
    params: { reverification: 'strict' },
  },
] as const

/**
 * Who this tab acts for and what that allows: the active organization and role, the features and
 * plans in the session token, and `has()` answering a few checks live.
 */
export function AccessCard() {
  const { session } = useSession()
  const { has, sessionClaims } = useAuth()
  if (!session) return null
  const membership = session.activeMembership
  const granted = sessionClaims ? decodeAuthorizationClaims(sessionClaims) : null
  const features = [...new Set([...(granted?.features.organization ?? []), ...(granted?.features.user ?? [])])]
  const plans = [...(granted?.plans.user ?? []), ...(granted?.plans.organization ?? [])]
  return (
    <Card className="p-6">
      <h2 className="text-sm font-semibold tracking-wide text-zinc-500 uppercase">Acting for</h2>
      <p className="mt-4 text-lg font-semibold text-zinc-900">
        {membership ? membership.organization.name : 'Your personal account'}
      </p>
      <p className="mt-1 flex flex-wrap gap-2 text-sm text-zinc-600">
        {membership && <Badge tone="indigo">{membership.roleName}</Badge>}
        {plans.map((plan) => (
          <Badge key={plan}>plan: {plan}</Badge>
        ))}
        {features.map((feature) => (
          <Badge key={feature} tone="green">
            {feature}
          </Badge>
        ))}
      </p>
      <ul aria-label="Access checks" className="mt-5 divide-y divide-zinc-100 text-sm">
        {CHECKS.map((check) => {
          const allowed = has(check.params)
          return (
            <li key={check.label} aria-label={check.label} className="flex items-center justify-between py-2.5">
              <span className="text-zinc-700">{check.label}</span>
              <span className={allowed ? 'font-semibold text-emerald-700' : 'text-zinc-500'}>
                {allowed ? 'Yes' : 'No'}
              </span>
            </li>
          )
        })}
      </ul>
      {membership && (
        <Protect permission="org:sys_profile:manage">
          <Link
            to="/orgs/$slug/settings"
            params={{ slug: membership.organization.slug }}
            className="mt-4 inline-block text-sm font-semibold text-indigo-600 hover:text-indigo-500"
          >
            Organization settings
          </Link>
        </Protect>
      )}
    </Card>
  )
}

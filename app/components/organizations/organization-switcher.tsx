import { Link, useNavigate } from '@tanstack/react-router'
import { useState } from 'react'
import { useAuthContext, useEnvironment, useSession } from '../../auth/index.ts'
import { Avatar } from '../ui/avatar.tsx'
import { Dialog } from '../ui/dialog.tsx'
import { Popover } from '../ui/popover.tsx'
import { CreateOrganizationForm } from './create-organization-form.tsx'

const CHECK = (
  <svg viewBox="0 0 20 20" fill="currentColor" className="size-4 text-indigo-600" aria-hidden="true">
    <path d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4l3.3 3.3 7.3-7.3a1 1 0 0 1 1.4 0Z" />
  </svg>
)

/**
 * The organization this tab acts for, and the others the user belongs to: switching changes this
 * tab only (another tab may act for another organization), and a reload keeps what the user saw.
 */
export function OrganizationSwitcher() {
  const { organizations } = useEnvironment()
  const { session } = useSession()
  const { setActive } = useAuthContext()
  const navigate = useNavigate()
  const [creating, setCreating] = useState(false)
  if (!organizations.enabled || !session) return null
  const active = session.activeMembership
  const memberships = session.user.organizationMemberships
  const label = active?.organization.name ?? 'Personal account'

  return (
    <>
      <Popover
        label="Organization:"
        trigger={
          <>
            <Avatar name={label} seed={active?.organization.id ?? session.user.id} size="sm" square muted={!active} />
            <span className="sr-only max-w-40 truncate text-sm font-semibold text-zinc-900 lg:not-sr-only">
              {label}
            </span>
            <svg
              viewBox="0 0 20 20"
              fill="currentColor"
              className="hidden size-4 text-zinc-400 sm:block"
              aria-hidden="true"
            >
              <path d="M5.22 8.22a.75.75 0 0 1 1.06 0L10 11.94l3.72-3.72a.75.75 0 1 1 1.06 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L5.22 9.28a.75.75 0 0 1 0-1.06Z" />
            </svg>
          </>
        }
      >
        {(close) => {
          const choose = (organizationId: string | null) => {
            close()
            void setActive({ organization: organizationId })
          }
          return (
            <div className="text-sm">
              <ul aria-label="Organizations" className="grid grid-cols-1 gap-0.5">
                {organizations.allowPersonalAccounts && (
                  <li>
                    <button
                      type="button"
                      onClick={() => choose(null)}
                      className="flex w-full items-center gap-3 rounded-md px-3 py-2 text-left hover:bg-zinc-50"
                    >
                      <Avatar name="Personal account" seed={session.user.id} size="sm" square muted />
                      <span className="min-w-0 flex-1 font-medium text-zinc-900">Personal account</span>
                      {!active && CHECK}
                    </button>
                  </li>
                )}
                {memberships.map((membership) => (
                  <li key={membership.id}>
                    <button
                      type="button"
                      onClick={() => choose(membership.organization.id)}
                      className="flex w-full items-center gap-3 rounded-md px-3 py-2 text-left hover:bg-zinc-50"
                    >
                      <Avatar name={membership.organization.name} seed={membership.organization.id} size="sm" square />
                      <span className="min-w-0 flex-1">
                        <span className="block truncate font-medium text-zinc-900">{membership.organization.name}</span>
                        <span className="block truncate text-xs text-zinc-600">{membership.roleName}</span>
                      </span>
                      {active?.id === membership.id && CHECK}
                    </button>
                  </li>
                ))}
              </ul>
              <div className="mt-1 grid gap-0.5 border-t border-zinc-100 pt-1">
                {active && (
                  <Link
                    to="/orgs/$slug"
                    params={{ slug: active.organization.slug }}
                    onClick={close}
                    className="rounded-md px-3 py-2 text-zinc-700 hover:bg-zinc-50"
                  >
                    Manage organization
                  </Link>
                )}
                <button
                  type="button"
                  onClick={() => {
                    close()
                    setCreating(true)
                  }}
                  className="rounded-md px-3 py-2 text-left text-zinc-700 hover:bg-zinc-50"
                >
                  Create organization
                </button>
              </div>
            </div>
          )
        }}
      </Popover>
      {creating && (
        <Dialog
          open
          onClose={() => setCreating(false)}
          title="Create an organization"
          description="You will be its admin, and can invite others."
        >
          <CreateOrganizationForm
            onCreated={async (organization) => {
              setCreating(false)
              await setActive({ organization: organization.id })
              await navigate({ to: '/orgs/$slug', params: { slug: organization.slug } })
            }}
          />
        </Dialog>
      )}
    </>
  )
}

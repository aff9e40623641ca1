/**
 * The create-organization page (the reference's `createOrganizationUrl`, where
 * `<RedirectToCreateOrganization>` and `clerk.redirectToCreateOrganization()` go): the switcher's
 * form on a page of its own. The new organization becomes the tab's active one, and its page opens.
 */

import { useNavigate } from '@tanstack/react-router'
import { useAuthContext, useEnvironment } from '../../auth/index.ts'
import { PageHeader } from '../page-header.tsx'
import { Alert } from '../ui/alert.tsx'
import { Card } from '../ui/card.tsx'
import { CreateOrganizationForm } from './create-organization-form.tsx'

export function CreateOrganizationPage() {
  const { organizations } = useEnvironment()
  const { setActive } = useAuthContext()
  const navigate = useNavigate()
  return (
    <main className="mx-auto max-w-xl px-6 py-12">
      <PageHeader title="Create an organization" description="You will be its admin, and can invite others." />
      <Card className="mt-8 p-6">
        {organizations.enabled ? (
          <CreateOrganizationForm
            onCreated={async (organization) => {
              await setActive({ organization: organization.id })
              await navigate({ to: '/orgs/$slug', params: { slug: organization.slug } })
            }}
          />
        ) : (
          <Alert>Organizations are turned off on this instance.</Alert>
        )}
      </Card>
    </main>
  )
}

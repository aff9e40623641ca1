import { createFileRoute } from '@tanstack/react-router'
import { SecretKeysSection } from '../../../components/admin/secret-keys/secret-keys-section.tsx'
import { useAdmin } from '../../../components/admin/use-admin.ts'
import { titled } from '../../../components/page-title.ts'
import { $listSecretKeys } from '../../../functions/secret-keys.functions.ts'

/** The Backend API's secret keys (ADR 027). */
export const Route = createFileRoute('/_authed/admin/secret-keys')({
  loader: () => $listSecretKeys(),
  head: titled('Secret keys · Admin'),
  component: SecretKeysPage,
})

function SecretKeysPage() {
  return <SecretKeysSection keys={Route.useLoaderData()} canManage={useAdmin().can('admin:manage_instance')} />
}

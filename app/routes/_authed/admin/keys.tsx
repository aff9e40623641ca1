import { createFileRoute } from '@tanstack/react-router'
import { SigningKeys } from '../../../components/admin/signing-keys.tsx'
import { useAdmin } from '../../../components/admin/use-admin.ts'
import { titled } from '../../../components/page-title.ts'
import { $listSigningKeys } from '../../../functions/admin.functions.ts'

export const Route = createFileRoute('/_authed/admin/keys')({
  loader: () => $listSigningKeys(),
  head: titled('Signing keys · Admin'),
  component: KeysPage,
})

function KeysPage() {
  const keys = Route.useLoaderData()
  const canRotate = useAdmin().can('admin:manage_instance')
  return <SigningKeys keys={keys} canRotate={canRotate} />
}

import { createFileRoute } from '@tanstack/react-router'
import { titled } from '../../../components/page-title.ts'

export const Route = createFileRoute('/_authed/admin/keys')({
  head: titled('Signing keys · Admin'),
  component: () => <p className="text-sm text-zinc-600">Signing keys: coming in this issue.</p>,
})

import { createFileRoute } from '@tanstack/react-router'
import { titled } from '../../../components/page-title.ts'

export const Route = createFileRoute('/_authed/admin/organizations')({
  head: titled('Organizations · Admin'),
  component: () => <p className="text-sm text-zinc-600">Organizations: coming in this issue.</p>,
})

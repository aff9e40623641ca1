import { createFileRoute } from '@tanstack/react-router'
import { titled } from '../../../components/page-title.ts'

export const Route = createFileRoute('/_authed/admin/webhooks')({
  head: titled('Webhooks · Admin'),
  component: () => <p className="text-sm text-zinc-600">Webhooks: coming in this issue.</p>,
})

import { createFileRoute } from '@tanstack/react-router'
import { titled } from '../../../components/page-title.ts'

export const Route = createFileRoute('/_authed/admin/sessions')({
  head: titled('Sessions · Admin'),
  component: () => <p className="text-sm text-zinc-600">Sessions: coming in this issue.</p>,
})

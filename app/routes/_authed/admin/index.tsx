import { createFileRoute } from '@tanstack/react-router'
import { titled } from '../../../components/page-title.ts'

export const Route = createFileRoute('/_authed/admin/')({
  head: titled('Admin'),
  component: () => <p className="text-sm text-zinc-600">Dashboard: coming in this issue.</p>,
})

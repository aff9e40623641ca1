import { createFileRoute } from '@tanstack/react-router'
import { titled } from '../../../components/page-title.ts'

export const Route = createFileRoute('/_authed/admin/users')({
  head: titled('Users · Admin'),
  component: () => <p className="text-sm text-zinc-600">Users: coming in this issue.</p>,
})

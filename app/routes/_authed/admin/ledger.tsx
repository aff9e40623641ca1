import { createFileRoute } from '@tanstack/react-router'
import { titled } from '../../../components/page-title.ts'

export const Route = createFileRoute('/_authed/admin/ledger')({
  head: titled('Ledger · Admin'),
  component: () => <p className="text-sm text-zinc-600">Ledger: coming in this issue.</p>,
})

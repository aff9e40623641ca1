import { createFileRoute } from '@tanstack/react-router'
import { titled } from '../../components/page-title.ts'
import { BrowserSessions } from '../../components/sessions/browser-sessions.tsx'

export const Route = createFileRoute('/_authed/sessions')({
  head: titled('Accounts in this browser'),
  component: BrowserSessions,
})

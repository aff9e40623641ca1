import { createFileRoute } from '@tanstack/react-router'
import { AcceptInvitationPage } from '../../components/organizations/accept-invitation.tsx'
import { titled } from '../../components/page-title.ts'

export const Route = createFileRoute('/invitations/accept')({
  head: titled('Invitation'),
  component: AcceptInvitationPage,
})

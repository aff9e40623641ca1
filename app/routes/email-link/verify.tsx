import { createFileRoute } from '@tanstack/react-router'
import { EmailLinkLanding } from '../../components/auth/email-link-landing.tsx'
import { titled } from '../../components/page-title.ts'

/** `/email-link/verify#token=…`: where an email link lands (docs/decisions/036-email-links.md). */
export const Route = createFileRoute('/email-link/verify')({
  head: titled('Email link'),
  component: EmailLinkLanding,
})

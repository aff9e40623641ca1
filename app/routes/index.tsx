import { createFileRoute } from '@tanstack/react-router'
import { Landing } from '../components/landing.tsx'
import { $getDemoAccounts } from '../functions/demo.functions.ts'

export const Route = createFileRoute('/')({
  loader: () => $getDemoAccounts(),
  component: LandingPage,
})

function LandingPage() {
  return <Landing demoAccounts={Route.useLoaderData()} />
}

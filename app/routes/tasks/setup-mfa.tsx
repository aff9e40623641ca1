import { createFileRoute } from '@tanstack/react-router'
import { titled } from '../../components/page-title.ts'
import { SetupMfaTask } from '../../components/tasks/setup-mfa-task.tsx'
import { $getSecuritySettings } from '../../functions/account.functions.ts'

export const Route = createFileRoute('/tasks/setup-mfa')({
  loader: () => $getSecuritySettings(),
  head: titled('Set up two-step verification'),
  component: SetupMfaPage,
})

function SetupMfaPage() {
  return <SetupMfaTask settings={Route.useLoaderData()} />
}

import { createFileRoute } from '@tanstack/react-router'
import { useState } from 'react'
import { useEnvironment, useSession } from '../../auth/index.ts'
import { useFinishTask } from '../../auth/tasks.ts'
import { useFormAction } from '../../components/forms/use-form-action.ts'
import { titled } from '../../components/page-title.ts'
import { TaskCard } from '../../components/tasks/task-card.tsx'
import { Alert } from '../../components/ui/alert.tsx'
import { Button } from '../../components/ui/button.tsx'
import { $acceptTerms } from '../../functions/tasks.functions.ts'

/** The example of an app's own session task: accept the current terms of service. */
export const Route = createFileRoute('/tasks/accept-terms')({
  head: titled('Accept the terms'),
  component: AcceptTermsTask,
})

function AcceptTermsTask() {
  const { appName, terms } = useEnvironment()
  const { session } = useSession()
  const [agreed, setAgreed] = useState(false)
  const finish = useFinishTask()
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async () => {
    if (session) await finish(() => $acceptTerms({ data: { sessionId: session.id } }))
  })
  return (
    <TaskCard
      title="Accept the terms of service"
      description={`Please read and accept the ${appName} terms of service (version ${terms?.version ?? '—'}) to continue.`}
    >
      <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        {terms && (
          <p className="text-sm">
            <a
              href={terms.url}
              target="_blank"
              rel="noreferrer"
              className="font-semibold text-indigo-600 hover:text-indigo-500"
            >
              Read the terms of service
            </a>
          </p>
        )}
        <label className="flex items-start gap-3 text-sm text-zinc-700">
          <input
            type="checkbox"
            checked={agreed}
            onChange={(event) => setAgreed(event.target.checked)}
            className="mt-0.5 size-4 rounded border-zinc-300"
          />
          <span>I have read and accept the terms of service.</span>
        </label>
        <Button type="submit" className="w-full" pending={pending} disabled={!canSubmit || !agreed}>
          Accept and continue
        </Button>
      </form>
    </TaskCard>
  )
}

import { createFileRoute } from '@tanstack/react-router'
import { passwordErrorsOn } from '../../auth/errors.ts'
import { useEnvironment } from '../../auth/index.ts'
import { useReverification } from '../../auth/reverification.ts'
import { useFinishTask } from '../../auth/tasks.ts'
import { useFormAction } from '../../components/forms/use-form-action.ts'
import { titled } from '../../components/page-title.ts'
import { TaskCard } from '../../components/tasks/task-card.tsx'
import { Alert } from '../../components/ui/alert.tsx'
import { Button } from '../../components/ui/button.tsx'
import { TextField } from '../../components/ui/field.tsx'
import { $resetPassword } from '../../functions/tasks.functions.ts'

/** The `reset-password` task: the old password was marked compromised; a new one replaces it. */
export const Route = createFileRoute('/tasks/reset-password')({
  head: titled('Choose a new password'),
  component: ResetPasswordTask,
})

function ResetPasswordTask() {
  const { signUpPasswordMinLength } = useEnvironment()
  const finish = useFinishTask()
  const reset = useReverification((newPassword: string) => $resetPassword({ data: { newPassword } }))
  const { errors, pending, canSubmit, onSubmit } = useFormAction(
    (form) => finish(() => reset(String(form.get('newPassword') ?? ''))),
    passwordErrorsOn('newPassword'),
  )
  return (
    <TaskCard
      title="Choose a new password"
      description="Your password may be known to someone else, so it no longer works. Choose a new one; your other devices will be signed out."
    >
      <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          description={`At least ${signUpPasswordMinLength} characters. Common passwords, and your old one, are not accepted.`}
          error={errors.fields.newPassword}
        />
        <Button type="submit" className="w-full" pending={pending} disabled={!canSubmit}>
          Save and continue
        </Button>
      </form>
    </TaskCard>
  )
}

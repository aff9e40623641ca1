import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { formErrors } from '../../auth/errors.ts'
import { useReverification } from '../../auth/reverification.ts'
import { $createAgentTask, $revokeActorToken } from '../../functions/actors.functions.ts'
import { describeDuration } from '../../session/durations.ts'
import {
  ACTOR_REASON_MAX_LENGTH,
  AGENT_NAME_MAX_LENGTH,
  AGENT_SESSION_DEFAULT_SECONDS,
  AGENT_SESSION_MAX_SECONDS,
  AGENT_TASK_TTL_SECONDS,
} from '../../session/policy.ts'
import type { ActorTokenJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { SettingsRow, SettingsSection } from '../settings/settings-section.tsx'
import { Alert } from '../ui/alert.tsx'
import { Badge, type BadgeTone } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { Dialog } from '../ui/dialog.tsx'
import { TextField } from '../ui/field.tsx'
import { Time } from '../ui/time.tsx'

const STATE_BADGE: Record<ActorTokenJSON['state'], { tone: BadgeTone; label: string }> = {
  pending: { tone: 'indigo', label: 'Not used yet' },
  accepted: { tone: 'green', label: 'Used' },
  revoked: { tone: 'zinc', label: 'Revoked' },
  expired: { tone: 'zinc', label: 'Expired' },
}

/** How long the agent's session may last: a quarter of an hour, the default, the most allowed. */
const DURATIONS = [15 * 60, AGENT_SESSION_DEFAULT_SECONDS, AGENT_SESSION_MAX_SECONDS].map((seconds) => ({
  seconds,
  label: describeDuration(seconds),
}))

/**
 * Agent links: the user lets a named program act for them for one task and a short time. The
 * program's session appears among the devices (with an "Agent" badge), where it can be revoked.
 */
export function AgentsSection({ links }: { links: ActorTokenJSON[] }) {
  const router = useRouter()
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const revoke = async (actorTokenId: string) => {
    setError(null)
    try {
      await $revokeActorToken({ data: { actorTokenId } })
      await router.invalidate()
    } catch (failure) {
      setError(formErrors(failure).form)
    }
  }

  return (
    <SettingsSection
      id="agents"
      title="Agents"
      description="Let a program act for you for one task. The link works once, and the agent's session ends on its own."
      alert={error && <Alert>{error}</Alert>}
      action={
        <Button size="sm" variant="secondary" onClick={() => setCreating(true)}>
          Create an agent link
        </Button>
      }
    >
      {links.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500">No agent links yet.</p>
      ) : (
        <ul aria-label="Agent links" className="divide-y divide-zinc-100">
          {links.map((link) => (
            <SettingsRow
              key={link.id}
              label={`Agent link for ${String(link.actor.name)}`}
              title={String(link.actor.name)}
              badges={<Badge tone={STATE_BADGE[link.state].tone}>{STATE_BADGE[link.state].label}</Badge>}
              detail={
                <>
                  {link.reason} · made <Time value={link.createdAt} />
                </>
              }
              actions={
                link.state === 'pending' && (
                  <Button size="sm" variant="secondary" onClick={() => revoke(link.id)}>
                    Revoke link
                  </Button>
                )
              }
            />
          ))}
        </ul>
      )}
      {creating && (
        <CreateAgentDialog
          onClose={() => setCreating(false)}
          onCreated={(url) => {
            setCreating(false)
            setCreated(url)
          }}
        />
      )}
      <Dialog
        open={created !== null}
        onClose={() => setCreated(null)}
        title="Agent link"
        description={`Give this link to the agent. It is shown only once, works once, and expires in ${describeDuration(AGENT_TASK_TTL_SECONDS)}.`}
      >
        <output aria-label="Agent link" className="block break-all rounded-lg bg-zinc-100 p-3 font-mono text-xs">
          {created}
        </output>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => created && navigator.clipboard.writeText(created)}>
            Copy
          </Button>
          <Button onClick={() => setCreated(null)}>Done</Button>
        </div>
      </Dialog>
    </SettingsSection>
  )
}

function CreateAgentDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (url: string) => void }) {
  const router = useRouter()
  const create = useReverification((data: Parameters<typeof $createAgentTask>[0]['data']) => $createAgentTask({ data }))
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    const { url } = await create({
      agentName: String(form.get('agentName') ?? ''),
      taskDescription: String(form.get('taskDescription') ?? ''),
      maxDurationSeconds: Number(form.get('maxDurationSeconds')),
    })
    onCreated(url)
    await router.invalidate()
  })
  return (
    <Dialog open onClose={onClose} title="Create an agent link">
      <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <TextField
          label="Agent name"
          name="agentName"
          placeholder="Inbox assistant"
          maxLength={AGENT_NAME_MAX_LENGTH}
          error={errors.fields.agentName}
        />
        <TextField
          label="Task"
          name="taskDescription"
          placeholder="Sort this week's invoices"
          maxLength={ACTOR_REASON_MAX_LENGTH}
          error={errors.fields.taskDescription}
        />
        <fieldset>
          <legend className="text-sm font-medium text-zinc-800">Its session lasts at most</legend>
          <div className="mt-2 flex flex-wrap gap-4">
            {DURATIONS.map((duration) => (
              <label key={duration.seconds} className="flex items-center gap-2 text-sm text-zinc-700">
                <input
                  type="radio"
                  name="maxDurationSeconds"
                  value={duration.seconds}
                  defaultChecked={duration.seconds === 30 * 60}
                />
                {duration.label}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" pending={pending} disabled={!canSubmit}>
            Create link
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

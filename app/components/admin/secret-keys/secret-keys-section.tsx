import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { $createSecretKey, $revokeSecretKey } from '../../../functions/secret-keys.functions.ts'
import { SECRET_KEY_NAME_MAX_LENGTH } from '../../../session/policy.ts'
import type { SecretKeyJSON } from '../../../session/secret-keys.ts'
import { useFormAction } from '../../forms/use-form-action.ts'
import { ConfirmDialog } from '../../settings/confirm-dialog.tsx'
import { ShownOnceDialog } from '../../settings/shown-once-dialog.tsx'
import { Badge } from '../../ui/badge.tsx'
import { Button } from '../../ui/button.tsx'
import { Card } from '../../ui/card.tsx'
import { TextField } from '../../ui/field.tsx'
import { EmptyRow, Table, Td } from '../../ui/table.tsx'
import { Time } from '../../ui/time.tsx'

const COLUMNS = ['Name', 'Key', 'Status', 'Created', 'Last used', '']

/**
 * The instance's secret keys (ADR 027): what backends call the Backend API (`/v1`) with. Listing
 * needs `admin:read`; creating and revoking, `admin:manage_instance` (`canManage`).
 */
export function SecretKeysSection({ keys, canManage }: { keys: readonly SecretKeyJSON[]; canManage: boolean }) {
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null)
  const [revoking, setRevoking] = useState<SecretKeyJSON | null>(null)
  return (
    <div className="space-y-6">
      <p className="max-w-2xl text-sm text-zinc-600">
        A secret key lets a backend call the Backend API under <code className="font-mono">/v1</code> with the
        reference's SDK: read and revoke sessions, mint their tokens, read, ban and delete users, read organizations. It
        acts for the whole instance, so keep it on servers only. Only a hash is stored: a new key is shown once.
      </p>
      <Card>
        <Table label="Secret keys" columns={COLUMNS}>
          {keys.length === 0 && <EmptyRow columns={COLUMNS.length}>No secret keys yet.</EmptyRow>}
          {keys.map((key) => (
            <tr key={key.id}>
              <Td className="break-words">{key.name}</Td>
              <Td className="font-mono text-xs whitespace-nowrap">{key.hint}</Td>
              <Td>
                {key.revokedAt === null ? (
                  <Badge tone="green">active</Badge>
                ) : (
                  <span className="whitespace-nowrap">
                    <Badge tone="red">revoked</Badge> <Time value={key.revokedAt} />
                  </span>
                )}
              </Td>
              <Td className="whitespace-nowrap">
                <Time value={key.createdAt} />
              </Td>
              <Td className="whitespace-nowrap">
                {key.lastUsedAt === null ? 'Never' : <Time value={key.lastUsedAt} />}
              </Td>
              <Td className="text-right">
                {canManage && key.revokedAt === null && (
                  <Button variant="secondary" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>
                    Revoke
                  </Button>
                )}
              </Td>
            </tr>
          ))}
        </Table>
        {canManage && <CreateKeyForm onCreated={setCreated} />}
      </Card>
      {created && (
        <ShownOnceDialog
          title="New secret key"
          description={`Store the key for ${created.name} on the backend that uses it (as CLERK_SECRET_KEY, say).`}
          secret={created.secret}
          onClose={() => setCreated(null)}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          description="Every call made with this key is refused from now on. Backends that use it stop working until they get a new key."
          confirmLabel="Revoke key"
          onClose={() => setRevoking(null)}
          onConfirm={() => $revokeSecretKey({ data: { id: revoking.id } })}
        />
      )}
    </div>
  )
}

function CreateKeyForm({ onCreated }: { onCreated: (created: { name: string; secret: string }) => void }) {
  const router = useRouter()
  const { errors, pending, canSubmit, onSubmit } = useFormAction(
    async (form) => {
      const created = await $createSecretKey({ data: { name: String(form.get('name') ?? '') } })
      onCreated({ name: created.key.name, secret: created.secret })
      await router.invalidate()
    },
    undefined,
    { afterSuccess: 'clear' },
  )
  return (
    <form
      method="post"
      onSubmit={onSubmit}
      aria-label="Create a secret key"
      className="flex flex-wrap items-end gap-3 border-t border-zinc-100 px-5 py-4"
      noValidate
    >
      <TextField
        label="Name"
        name="name"
        placeholder="Billing backend"
        autoComplete="off"
        maxLength={SECRET_KEY_NAME_MAX_LENGTH}
        className="min-w-72 flex-1"
        error={errors.fields.name ?? errors.form}
      />
      <Button type="submit" pending={pending} disabled={!canSubmit}>
        Create secret key
      </Button>
    </form>
  )
}

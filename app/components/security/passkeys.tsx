import { browserSupportsWebAuthn, startRegistration } from '@simplewebauthn/browser'
import { useRouter } from '@tanstack/react-router'
import { useEffect, useState } from 'react'
import { passkeyErrorMessage } from '../../auth/passkeys.ts'
import { useReverification } from '../../auth/reverification.ts'
import {
  $addPasskey,
  $removePasskey,
  $renamePasskey,
  $startPasskeyRegistration,
} from '../../functions/account.functions.ts'
import { PASSKEY_NAME_MAX_LENGTH } from '../../session/policy.ts'
import type { PasskeyJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { ConfirmDialog } from '../settings/confirm-dialog.tsx'
import { SettingsRow, SettingsSection } from '../settings/settings-section.tsx'
import { Alert } from '../ui/alert.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { Dialog } from '../ui/dialog.tsx'
import { TextField } from '../ui/field.tsx'
import { Time } from '../ui/time.tsx'

export function PasskeysSection({ passkeys }: { passkeys: PasskeyJSON[] }) {
  const router = useRouter()
  // A passkey needs the browser's WebAuthn API; the server cannot tell, so it renders the button.
  const [supported, setSupported] = useState(true)
  const [adding, setAdding] = useState(false)
  const [addError, setAddError] = useState<string | null>(null)
  const [renaming, setRenaming] = useState<PasskeyJSON | null>(null)
  const [removing, setRemoving] = useState<PasskeyJSON | null>(null)
  const remove = useReverification((passkeyId: string) => $removePasskey({ data: { passkeyId } }))
  // Both steps are sensitive; the second is within minutes of the first, so it asks at most once.
  const startRegistrationOnServer = useReverification(() => $startPasskeyRegistration())
  const finishRegistration = useReverification((response: Parameters<typeof $addPasskey>[0]['data']['response']) =>
    $addPasskey({ data: { response } }),
  )
  useEffect(() => setSupported(browserSupportsWebAuthn()), [])

  const add = async () => {
    setAdding(true)
    setAddError(null)
    try {
      const optionsJSON = await startRegistrationOnServer()
      const response = await startRegistration({ optionsJSON })
      await finishRegistration(response)
      await router.invalidate()
    } catch (failure) {
      setAddError(passkeyErrorMessage(failure))
    } finally {
      setAdding(false)
    }
  }

  return (
    <SettingsSection
      id="passkeys"
      title="Passkeys"
      description="Sign in with your fingerprint, face or device PIN. Passkeys cannot be phished, and count as both steps."
      action={
        supported && (
          <Button variant="secondary" size="sm" pending={adding} onClick={add}>
            Add a passkey
          </Button>
        )
      }
      alert={addError && <Alert>{addError}</Alert>}
    >
      {!supported && <p className="px-5 pt-4 text-sm text-zinc-500">This browser cannot create passkeys.</p>}
      {passkeys.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500">No passkeys yet.</p>
      ) : (
        <ul aria-label="Passkeys" className="divide-y divide-zinc-100">
          {passkeys.map((passkey) => (
            <SettingsRow
              key={passkey.id}
              label={passkey.name}
              title={passkey.name}
              badges={passkey.synced && <Badge tone="zinc">Synced</Badge>}
              detail={
                <>
                  Added <Time value={passkey.createdAt} /> ·{' '}
                  {passkey.lastUsedAt ? (
                    <>
                      last used <Time value={passkey.lastUsedAt} />
                    </>
                  ) : (
                    'never used'
                  )}
                </>
              }
              actions={
                <>
                  <Button size="sm" variant="ghost" onClick={() => setRenaming(passkey)}>
                    Rename
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setRemoving(passkey)}>
                    Remove
                  </Button>
                </>
              }
            />
          ))}
        </ul>
      )}
      {renaming && <RenameDialog passkey={renaming} onClose={() => setRenaming(null)} />}
      {removing && (
        <ConfirmDialog
          title={`Remove “${removing.name}”?`}
          description="You will no longer be able to sign in with it. Remove it from your device's password manager too."
          confirmLabel="Remove"
          onClose={() => setRemoving(null)}
          onConfirm={() => remove(removing.id)}
        />
      )}
    </SettingsSection>
  )
}

function RenameDialog({ passkey, onClose }: { passkey: PasskeyJSON; onClose: () => void }) {
  const router = useRouter()
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    await $renamePasskey({ data: { passkeyId: passkey.id, name: String(form.get('name') ?? '') } })
    onClose()
    await router.invalidate()
  })
  return (
    <Dialog open onClose={onClose} title="Rename passkey" description="A name that tells you which device holds it.">
      <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <TextField
          label="Name"
          name="name"
          defaultValue={passkey.name}
          maxLength={PASSKEY_NAME_MAX_LENGTH}
          error={errors.fields.name}
        />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" pending={pending} disabled={!canSubmit}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

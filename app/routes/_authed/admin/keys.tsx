import { createFileRoute } from '@tanstack/react-router'
import { useState } from 'react'
import { useAdmin } from '../../../components/admin/use-admin.ts'
import { titled } from '../../../components/page-title.ts'
import { ConfirmDialog } from '../../../components/settings/confirm-dialog.tsx'
import { useSettingsAction } from '../../../components/settings/use-settings-action.ts'
import { Alert } from '../../../components/ui/alert.tsx'
import { Badge, type BadgeTone } from '../../../components/ui/badge.tsx'
import { Button } from '../../../components/ui/button.tsx'
import { Card } from '../../../components/ui/card.tsx'
import { EmptyRow, Table, Td } from '../../../components/ui/table.tsx'
import { Time } from '../../../components/ui/time.tsx'
import { $listSigningKeys, $rotateSigningKey } from '../../../functions/admin.functions.ts'
import { SIGNING_KEY_PUBLISH_AHEAD_SECONDS } from '../../../session/policy.ts'
import type { SigningKeyStatus } from '../../../session/tokens.ts'

export const Route = createFileRoute('/_authed/admin/keys')({
  loader: () => $listSigningKeys(),
  head: titled('Signing keys · Admin'),
  component: KeysPage,
})

const PUBLISH_AHEAD_MINUTES = SIGNING_KEY_PUBLISH_AHEAD_SECONDS / 60
const STATUS_TONE: Record<SigningKeyStatus, BadgeTone> = { active: 'green', retiring: 'amber', revoked: 'red' }
const COLUMNS = ['Key id', 'Algorithm', 'Status', 'Created', 'Stops signing']

/** The keys that sign session tokens, and rotation (published in advance; the old key keeps verifying for the overlap). */
function KeysPage() {
  const keys = Route.useLoaderData()
  const canRotate = useAdmin().can('admin:manage_instance')
  const [confirming, setConfirming] = useState(false)
  const { error, run, pending } = useSettingsAction()
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <p className="max-w-2xl text-sm text-zinc-600">
          Rotating publishes a new key at once and makes it sign {PUBLISH_AHEAD_MINUTES} minutes later, so backends that
          cache the key set learn it first; the old key signs until then, and is still published and accepted until its
          tokens have expired, so nobody is signed out.
        </p>
        {canRotate && <Button onClick={() => setConfirming(true)}>Rotate signing key</Button>}
      </div>
      {error && <Alert>{error}</Alert>}
      <Card>
        <Table label="Signing keys" columns={COLUMNS}>
          {keys.length === 0 && (
            <EmptyRow columns={COLUMNS.length}>No key yet: the first token signed makes one.</EmptyRow>
          )}
          {keys.map((key) => (
            <tr key={key.kid}>
              <Td className="font-mono text-xs break-all">{key.kid}</Td>
              <Td>{key.algorithm}</Td>
              <Td>
                {key.publishing ? (
                  <span className="whitespace-nowrap">
                    <Badge tone="sky">publishing</Badge> signs from <Time value={key.signsFrom} />
                  </span>
                ) : (
                  <Badge tone={STATUS_TONE[key.status]}>{key.status}</Badge>
                )}
              </Td>
              <Td className="whitespace-nowrap">
                <Time value={key.createdAt} />
              </Td>
              <Td className="whitespace-nowrap">
                {key.revokedAt ? (
                  <>
                    Revoked <Time value={key.revokedAt} />
                  </>
                ) : key.retiredAt ? (
                  <Time value={key.retiredAt} />
                ) : (
                  '—'
                )}
              </Td>
            </tr>
          ))}
        </Table>
      </Card>
      {confirming && (
        <ConfirmDialog
          title="Rotate the signing key?"
          description={`A new key is published now and signs every token from ${PUBLISH_AHEAD_MINUTES} minutes from now; until then the current key signs. Tokens signed with the current key stay valid until they expire.`}
          confirmLabel="Rotate"
          pending={pending === 'rotate'}
          onClose={() => setConfirming(false)}
          onConfirm={() => run('rotate', () => $rotateSigningKey()).then(() => setConfirming(false))}
        />
      )}
    </div>
  )
}

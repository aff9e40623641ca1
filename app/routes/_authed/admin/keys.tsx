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
import type { SigningKeyStatus } from '../../../session/tokens.ts'

export const Route = createFileRoute('/_authed/admin/keys')({
  loader: () => $listSigningKeys(),
  head: titled('Signing keys · Admin'),
  component: KeysPage,
})

const STATUS_TONE: Record<SigningKeyStatus, BadgeTone> = { active: 'green', retiring: 'amber', revoked: 'red' }
const COLUMNS = ['Key id', 'Algorithm', 'Status', 'Created', 'Stopped signing']

/** The keys that sign session tokens, and rotation (the old key keeps verifying for the overlap). */
function KeysPage() {
  const keys = Route.useLoaderData()
  const canRotate = useAdmin().can('admin:manage_instance')
  const [confirming, setConfirming] = useState(false)
  const { error, run, pending } = useSettingsAction()
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <p className="max-w-2xl text-sm text-zinc-600">
          Session tokens are signed with the active key. Rotating makes a new key sign from now on; the old one is still
          published and accepted until its tokens have expired, so nobody is signed out.
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
                <Badge tone={STATUS_TONE[key.status]}>{key.status}</Badge>
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
          description="A new key signs every token from now on. Tokens signed with the current key stay valid until they expire, and backends that cache the JWKS pick up the new key on their next fetch."
          confirmLabel="Rotate"
          pending={pending === 'rotate'}
          onClose={() => setConfirming(false)}
          onConfirm={() => run('rotate', () => $rotateSigningKey()).then(() => setConfirming(false))}
        />
      )}
    </div>
  )
}

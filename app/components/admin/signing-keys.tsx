import { useState } from 'react'
import { $rotateSigningKey } from '../../functions/admin.functions.ts'
import type { SigningKeyJSON } from '../../session/admin-wire.ts'
import { SIGNING_KEY_PUBLISH_AHEAD_SECONDS } from '../../session/policy.ts'
import type { SigningKeyStatus } from '../../session/tokens.ts'
import { ConfirmDialog } from '../settings/confirm-dialog.tsx'
import { Badge, type BadgeTone } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { Card } from '../ui/card.tsx'
import { EmptyRow, Table, Td } from '../ui/table.tsx'
import { Time } from '../ui/time.tsx'

const PUBLISH_AHEAD_MINUTES = SIGNING_KEY_PUBLISH_AHEAD_SECONDS / 60
const STATUS_TONE: Record<SigningKeyStatus, BadgeTone> = { active: 'green', retiring: 'amber', revoked: 'red' }
const COLUMNS = ['Key id', 'Algorithm', 'Status', 'Created', 'Stops signing']

/** The keys that sign session tokens, and rotation (published in advance; the old key keeps verifying for the overlap). */
export function SigningKeys({ keys, canRotate }: { keys: SigningKeyJSON[]; canRotate: boolean }) {
  const [confirming, setConfirming] = useState(false)
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
          onClose={() => setConfirming(false)}
          onConfirm={() => $rotateSigningKey()}
        />
      )}
    </div>
  )
}

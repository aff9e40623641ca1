import { useState } from 'react'
import { formErrors } from '../../auth/errors.ts'
import { useReverification } from '../../auth/reverification.ts'
import { leavePage } from '../../auth/sign-in.ts'
import { $connectExternalAccount, $disconnectExternalAccount } from '../../functions/social.functions.ts'
import { ERRORS, isErrorCode } from '../../session/errors.ts'
import type { OAuthStrategy } from '../../session/factors.ts'
import { SOCIAL_PROVIDERS } from '../../session/social.ts'
import type { ExternalAccountJSON } from '../../session/wire.ts'
import { ConfirmDialog } from '../settings/confirm-dialog.tsx'
import { SettingsRow, SettingsSection } from '../settings/settings-section.tsx'
import { Alert } from '../ui/alert.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { Time } from '../ui/time.tsx'
import { STRATEGY_COPY } from '../verification/strategies.ts'

/**
 * Connected accounts (ADR 034): the social accounts that sign the user in. Connecting another is a
 * sensitive action (the step-up dialog first, then the provider); disconnecting one is refused
 * when it is the last way in. `error` is a failed connection's code, from the callback.
 */
export function ConnectedAccountsSection({
  accounts,
  offered,
  error,
}: {
  accounts: ExternalAccountJSON[]
  /** The social strategies the instance offers. */
  offered: readonly OAuthStrategy[]
  error: string | null
}) {
  const [removing, setRemoving] = useState<ExternalAccountJSON | null>(null)
  const [pending, setPending] = useState<OAuthStrategy | null>(null)
  const [connectError, setConnectError] = useState<string | null>(null)
  const connect = useReverification((strategy: OAuthStrategy) =>
    $connectExternalAccount({ data: { strategy, redirectUrl: '/account/security#connected-accounts' } }),
  )
  const disconnect = useReverification((externalAccountId: string) =>
    $disconnectExternalAccount({ data: { externalAccountId } }),
  )
  if (accounts.length === 0 && offered.length === 0) return null
  const shownError = connectError ?? (isErrorCode(error) ? ERRORS[error].userMessage : null)

  return (
    <SettingsSection
      id="connected-accounts"
      title="Connected accounts"
      description="Accounts at other services that you can sign in with."
      alert={shownError && <Alert>{shownError}</Alert>}
    >
      {accounts.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500">No connected accounts.</p>
      ) : (
        <ul aria-label="Connected accounts" className="divide-y divide-zinc-100">
          {accounts.map((account) => {
            const name = SOCIAL_PROVIDERS[account.provider].name
            return (
              <SettingsRow
                key={account.id}
                label={name}
                title={`${name} · ${account.username ?? account.emailAddress}`}
                badges={account.verification.status === 'verified' && <Badge tone="zinc">Verified email</Badge>}
                detail={
                  <>
                    {account.emailAddress} · connected <Time value={account.createdAt} />
                  </>
                }
                actions={
                  <Button size="sm" variant="ghost" onClick={() => setRemoving(account)}>
                    Disconnect
                  </Button>
                }
              />
            )
          })}
        </ul>
      )}
      {offered.length > 0 && (
        <div className="flex flex-wrap gap-2 px-5 py-4">
          {offered.map((strategy) => (
            <Button
              key={strategy}
              size="sm"
              variant="secondary"
              pending={pending === strategy}
              onClick={async () => {
                setPending(strategy)
                setConnectError(null)
                try {
                  const { externalVerificationRedirectUrl } = await connect(strategy)
                  leavePage.to(externalVerificationRedirectUrl)
                } catch (failure) {
                  setConnectError(formErrors(failure).form)
                  setPending(null)
                }
              }}
            >
              {`Connect ${STRATEGY_COPY[strategy].choice(null).replace(/^Continue with /, '')}`}
            </Button>
          ))}
        </div>
      )}
      {removing && (
        <ConfirmDialog
          title={`Disconnect ${SOCIAL_PROVIDERS[removing.provider].name}?`}
          description={`You will no longer be able to sign in with ${removing.username ?? removing.emailAddress} at ${SOCIAL_PROVIDERS[removing.provider].name}.`}
          confirmLabel="Disconnect"
          onClose={() => setRemoving(null)}
          onConfirm={() => disconnect(removing.id)}
        />
      )}
    </SettingsSection>
  )
}

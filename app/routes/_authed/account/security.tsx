import { createFileRoute, Link } from '@tanstack/react-router'
import { useState } from 'react'
import { useEnvironment } from '../../../auth/index.ts'
import { ssoErrorSearchSchema } from '../../../auth/navigation.ts'
import { useActorLock } from '../../../components/actors/use-actor-lock.ts'
import { PageHeader } from '../../../components/page-header.tsx'
import { titled } from '../../../components/page-title.ts'
import { AgentsSection } from '../../../components/security/agents.tsx'
import { ConnectedAccountsSection } from '../../../components/security/connected-accounts.tsx'
import { DeleteAccountSection } from '../../../components/security/delete-account.tsx'
import { DevicesSection } from '../../../components/security/devices.tsx'
import { EmailAddressesSection } from '../../../components/security/email-addresses.tsx'
import { PasskeysSection } from '../../../components/security/passkeys.tsx'
import { PasswordSection } from '../../../components/security/password.tsx'
import {
  PhoneCodeDialog,
  PhoneNumbersSection,
  type PhoneVerification,
} from '../../../components/security/phone-numbers.tsx'
import { TwoStepSection } from '../../../components/security/two-step.tsx'
import { Alert } from '../../../components/ui/alert.tsx'
import { buttonClasses } from '../../../components/ui/button.tsx'
import { $getSecuritySettings } from '../../../functions/account.functions.ts'
import { $listAgentTasks } from '../../../functions/actors.functions.ts'
import { $listDevices } from '../../../functions/devices.functions.ts'

export const Route = createFileRoute('/_authed/account/security')({
  // A failed connection comes back with its code (social-callback.server.ts); only ours are shown.
  validateSearch: ssoErrorSearchSchema,
  loader: async () => {
    const [settings, devices, agentLinks] = await Promise.all([
      $getSecuritySettings(),
      $listDevices(),
      $listAgentTasks(),
    ])
    return { settings, devices, agentLinks }
  },
  head: titled('Security'),
  component: SecurityPage,
})

function SecurityPage() {
  const { settings, devices, agentLinks } = Route.useLoaderData()
  const { appName, socialStrategies } = useEnvironment()
  const { sso_error: connectError } = Route.useSearch()
  const [phoneVerification, setPhoneVerification] = useState<PhoneVerification | null>(null)
  const verifyingPhone = settings.phoneNumbers.find((phone) => phone.id === phoneVerification?.phoneNumberId)
  const locked = useActorLock()
  return (
    <main className="mx-auto max-w-4xl px-6 py-12">
      <PageHeader
        title="Security"
        description="How you sign in, the second step that protects your account, and where you are signed in."
        actions={
          <Link to="/account/activity" className={buttonClasses({ variant: 'secondary' })}>
            Account activity
          </Link>
        }
      />
      {locked && (
        <div className="mt-6">
          <Alert tone="info">{locked}</Alert>
        </div>
      )}
      {/* Disabled as a whole when the server would refuse every change (see useActorLock). */}
      <fieldset disabled={locked !== null} className="contents">
        <EmailAddressesSection emailAddresses={settings.emailAddresses} />
        <PhoneNumbersSection
          phoneNumbers={settings.phoneNumbers}
          smsSecondFactorAvailable={settings.availableSecondFactors.includes('phone_code')}
          onVerify={setPhoneVerification}
        />
        {settings.availableFirstFactors.includes('password') && (
          <PasswordSection passwordEnabled={settings.passwordEnabled} minLength={settings.passwordMinLength} />
        )}
        {settings.availableFirstFactors.includes('passkey') && <PasskeysSection passkeys={settings.passkeys} />}
        <ConnectedAccountsSection
          accounts={settings.externalAccounts}
          offered={socialStrategies}
          error={connectError ?? null}
        />
        <TwoStepSection appName={appName} settings={settings} onVerifyPhone={setPhoneVerification} />
        <DevicesSection page={devices} />
        <AgentsSection links={agentLinks} />
        <DeleteAccountSection />
      </fieldset>
      {verifyingPhone && phoneVerification && (
        <PhoneCodeDialog
          phone={verifyingPhone}
          useForSecondFactor={phoneVerification.useForSecondFactor}
          onClose={() => setPhoneVerification(null)}
        />
      )}
    </main>
  )
}

import type { AdminUserDetailJSON } from '../../../session/admin-wire.ts'
import { SettingsRow, SettingsSection } from '../../settings/settings-section.tsx'
import { Badge } from '../../ui/badge.tsx'

/** The user's email addresses and phone numbers, primary and verified or not. */
export function IdentifiersSection({ detail }: { detail: AdminUserDetailJSON }) {
  const flags = (identifier: { primary: boolean; verified: boolean }) => (
    <>
      {identifier.primary && <Badge tone="indigo">Primary</Badge>}
      {!identifier.verified && <Badge tone="amber">Unverified</Badge>}
    </>
  )
  return (
    <SettingsSection
      id="identifiers"
      title="Email addresses and phone numbers"
      description="What the user signs in with."
    >
      <ul aria-label="Identifiers" className="divide-y divide-zinc-100">
        {detail.emailAddresses.map((email) => (
          <SettingsRow key={email.id} label={email.emailAddress} title={email.emailAddress} badges={flags(email)} />
        ))}
        {detail.phoneNumbers.map((phone) => (
          <SettingsRow
            key={phone.id}
            label={phone.phoneNumber}
            title={phone.phoneNumber}
            badges={
              <>
                {flags(phone)}
                {phone.secondFactor && <Badge tone="green">Two-step codes</Badge>}
              </>
            }
          />
        ))}
      </ul>
    </SettingsSection>
  )
}

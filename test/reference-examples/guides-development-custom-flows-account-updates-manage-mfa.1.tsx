// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/guides/development/custom-flows/account-updates/manage-mfa.mdx#L44
// As rendered for the tanstack-react-start SDK; the docs name the file src/app/account/manage-mfa/page.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
'use client'

import * as React from 'react'
import { useUser, useReverification, useClerk, useSession } from '@clerk/nextjs'
import type { BackupCodeResource, PhoneNumberResource } from '@clerk/nextjs/types'
import Link from 'next/link'
import { useRouter } from 'next/navigation'

// Display phone numbers reserved for MFA
const ManageMfaPhoneNumbers = () => {
  const { isSignedIn, user } = useUser()
  const clerk = useClerk()

  // Handle signed out state
  // If the user is trying to set up MFA, they should be able to access this page
  if (!isSignedIn && clerk.session?.currentTask?.key !== 'setup-mfa')
    return <p>You must be signed in to access this page</p>

  // Check if any phone numbers are reserved for MFA
  const mfaPhones = user?.phoneNumbers
    .filter((ph) => ph.verification.status === 'verified')
    .filter((ph) => ph.reservedForSecondFactor)
    .sort((ph: PhoneNumberResource) => (ph.defaultSecondFactor ? -1 : 1))

  if (!mfaPhones || mfaPhones.length === 0) {
    return <p>There are currently no phone numbers reserved for MFA.</p>
  }

  return (
    <>
      <h2>Phone numbers reserved for MFA</h2>
      <ul>
        {mfaPhones.map((phone) => {
          return (
            <li key={phone.id} style={{ display: 'flex', gap: '10px' }}>
              <p>
                {phone.phoneNumber} {phone.defaultSecondFactor && '(Default)'}
              </p>
              <div>
                <button onClick={() => phone.setReservedForSecondFactor({ reserved: false })}>
                  Disable for MFA
                </button>
              </div>

              {!phone.defaultSecondFactor && (
                <div>
                  <button onClick={() => phone.makeDefaultSecondFactor()}>Make default</button>
                </div>
              )}

              <div>
                <button onClick={() => phone.destroy()}>Remove from account</button>
              </div>
            </li>
          )
        })}
      </ul>
    </>
  )
}

// Display phone numbers that are not reserved for MFA
const ManageAvailablePhoneNumbers = () => {
  const { isSignedIn, user } = useUser()
  const clerk = useClerk()
  const router = useRouter()

  const setReservedForSecondFactor = useReverification((phone: PhoneNumberResource) =>
    phone.setReservedForSecondFactor({ reserved: true }),
  )
  const destroyPhone = useReverification((phone: PhoneNumberResource) => phone.destroy())

  // Complete the session task when phone number is picked for MFA
  const completeTask = async () => {
    try {
      await clerk.setActive({
        session: clerk.session?.id,
        navigate: async ({ session, decorateUrl }) => {
          const url = decorateUrl('/')
          if (url.startsWith('http')) {
            window.location.href = url
          } else {
            router.push(url)
          }
        },
      })
    } catch (err) {
      // See https://clerk.com/docs/guides/development/custom-flows/error-handling
      // for more info on error handling
      console.error(JSON.stringify(err, null, 2))
    }
  }

  // Handle signed out state
  // If the user is trying to set up MFA, they should be able to access this page
  if (!isSignedIn && clerk.session?.currentTask?.key !== 'setup-mfa')
    return <p>You must be signed in to access this page</p>

  // Get verified phone numbers that aren't reserved for MFA
  const availableForMfaPhones = user?.phoneNumbers
    .filter((ph) => ph.verification.status === 'verified')
    .filter((ph) => !ph.reservedForSecondFactor)

  // Enable a phone number for MFA
  const reservePhoneForMfa = async (phone: PhoneNumberResource) => {
    try {
      // Set the phone number as reserved for MFA
      await setReservedForSecondFactor(phone)
      if (clerk.session?.currentTask?.key === 'setup-mfa') completeTask()

      // Refresh the user information to reflect changes
      await user?.reload()
    } catch (err) {
      // See https://clerk.com/docs/guides/development/custom-flows/error-handling
      // for more info on error handling
      console.error(JSON.stringify(err, null, 2))
    }
  }

  if (!availableForMfaPhones || availableForMfaPhones.length === 0) {
    return <p>There are currently no verified phone numbers available to be reserved for MFA.</p>
  }

  return (
    <>
      <h2>Phone numbers that are not reserved for MFA</h2>

      <ul>
        {availableForMfaPhones.map((phone) => {
          return (
            <li key={phone.id} style={{ display: 'flex', gap: '10px' }}>
              <p>{phone.phoneNumber}</p>
              <div>
                <button onClick={() => reservePhoneForMfa(phone)}>Use for MFA</button>
              </div>
              <div>
                <button onClick={() => destroyPhone(phone)}>Remove from account</button>
              </div>
            </li>
          )
        })}
      </ul>
    </>
  )
}

// Generate and display backup codes
function GenerateBackupCodes() {
  const { user } = useUser()
  const [backupCodes, setBackupCodes] = React.useState<BackupCodeResource | undefined>(undefined)
  const createBackupCode = useReverification(() => user?.createBackupCode())

  const [loading, setLoading] = React.useState(false)

  React.useEffect(() => {
    if (backupCodes) return

    setLoading(true)
    void createBackupCode()
      .then((backupCode: BackupCodeResource | undefined) => {
        if (backupCode) setBackupCodes(backupCode)
        setLoading(false)
      })
      .catch((err) => {
        // See https://clerk.com/docs/guides/development/custom-flows/error-handling
        // for more info on error handling
        console.error(JSON.stringify(err, null, 2))
        setLoading(false)
      })
  }, [backupCodes, createBackupCode])

  if (loading) return <p>Loading...</p>

  if (!backupCodes) return <p>There was a problem generating backup codes</p>

  return (
    <ol>
      {backupCodes.codes.map((code, index) => (
        <li key={index}>{code}</li>
      ))}
    </ol>
  )
}

export default function ManageMFA() {
  const [showBackupCodes, setShowBackupCodes] = React.useState(false)

  const { isLoaded, isSignedIn, user } = useUser()
  const { session } = useSession()
  const clerk = useClerk()
  const router = useRouter()

  // Complete the session task when phone number is picked for MFA
  const completeTask = async () => {
    try {
      await clerk.setActive({
        session: clerk.session?.id,
        navigate: async ({ session, decorateUrl }) => {
          const url = decorateUrl('/')
          if (url.startsWith('http')) {
            window.location.href = url
          } else {
            router.push(url)
          }
        },
      })
    } catch (err) {
      // See https://clerk.com/docs/guides/development/custom-flows/error-handling
      // for more info on error handling
      console.error(JSON.stringify(err, null, 2))
    }
  }

  // Handle loading state
  if (!isLoaded) return <p>Loading...</p>

  // Handle signed out state
  // If the user is trying to set up MFA, they should be able to access this page
  if (!isSignedIn && session?.currentTask?.key !== 'setup-mfa')
    return <p>You must be signed in to access this page</p>

  return (
    <>
      <h1>User MFA Settings</h1>

      {/* Manage SMS MFA */}
      <ManageMfaPhoneNumbers />
      <ManageAvailablePhoneNumbers />
      <Link href="/account/add-phone">Add a new phone number</Link>

      {/* Manage backup codes */}
      {user?.twoFactorEnabled && (
        <div>
          <p>
            Generate new backup codes? -{' '}
            <button onClick={() => setShowBackupCodes(true)}>Generate</button>
          </p>
        </div>
      )}
      {showBackupCodes && (
        <>
          <GenerateBackupCodes />
          <button
            onClick={() => {
              setShowBackupCodes(false)
              completeTask()
            }}
          >
            Done
          </button>
        </>
      )}
    </>
  )
}

// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/guides/development/custom-flows/account-updates/manage-mfa.mdx#L1617
// As rendered for the tanstack-react-start SDK; the docs name the file src/app/account/manage-mfa/page.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
'use client'

import * as React from 'react'
import { useUser, useReverification, useClerk, useSession } from '@clerk/nextjs'
import Link from 'next/link'
import type { BackupCodeResource } from '@clerk/nextjs/types'
import { useRouter } from 'next/navigation'

// If TOTP is enabled, provide the option to disable it
const TotpEnabled = () => {
  const { user } = useUser()
  const disableTOTP = useReverification(() => user?.disableTOTP())

  return (
    <div>
      <p>
        TOTP via authentication app enabled - <button onClick={() => disableTOTP()}>Remove</button>
      </p>
    </div>
  )
}

// If TOTP is disabled, provide the option to enable it
const TotpDisabled = () => {
  return (
    <div>
      <p>
        Add TOTP via authentication app -{' '}
        <Link href="/account/manage-mfa/add">
          <button>Add</button>
        </Link>
      </p>
    </div>
  )
}

// Generate and display backup codes
export function GenerateBackupCodes() {
  const { user } = useUser()
  const [backupCodes, setBackupCodes] = React.useState<BackupCodeResource | undefined>(undefined)
  const createBackupCode = useReverification(() => user?.createBackupCode())

  const [loading, setLoading] = React.useState(false)

  React.useEffect(() => {
    if (backupCodes) return

    setLoading(true)
    void createBackupCode()
      .then((backupCode: BackupCodeResource | undefined) => {
        setBackupCodes(backupCode)
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
  const { isLoaded, isSignedIn, user } = useUser()
  const clerk = useClerk()
  const router = useRouter()

  // Complete the session task when phone number is picked for MFA
  const completeTask = async () => {
    try {
      await clerk.setActive({
        session: clerk.session?.id,
        navigate: async ({ decorateUrl }) => {
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

  const [showNewCodes, setShowNewCodes] = React.useState(false)

  // Handle loading state
  if (!isLoaded) return <p>Loading...</p>

  // Handle signed out state
  // If the user is trying to set up MFA, they should be able to access this page
  if (!isSignedIn && clerk.session?.currentTask?.key !== 'setup-mfa')
    return <p>You must be signed in to access this page</p>

  return (
    <>
      <h1>User MFA Settings</h1>

      {/* Manage TOTP MFA */}
      {user?.totpEnabled ? <TotpEnabled /> : <TotpDisabled />}

      {/* Manage backup codes */}
      {user?.backupCodeEnabled && user.twoFactorEnabled && (
        <div>
          <p>
            Generate new backup codes? -{' '}
            <button
              onClick={() => {
                setShowNewCodes(true)
              }}
            >
              Generate
            </button>
          </p>
        </div>
      )}
      {showNewCodes && (
        <>
          <GenerateBackupCodes />
          <button onClick={() => setShowNewCodes(false)}>Done</button>
        </>
      )}
    </>
  )
}

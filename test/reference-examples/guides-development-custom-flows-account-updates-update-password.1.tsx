// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/guides/development/custom-flows/account-updates/update-password.mdx#L21
// As rendered for the tanstack-react-start SDK; the docs name the file app/account/update-password/page.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
'use client'

import { useReverification, useUser } from '@clerk/nextjs'
import { useState } from 'react'

export default function UpdatePasswordPage() {
  const { isLoaded, isSignedIn, user } = useUser()
  const [completed, setCompleted] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  // Sensitive actions require reverification
  // See https://clerk.com/docs/guides/secure/reverification
  const updatePassword = useReverification(
    ({ currentPassword, newPassword }: { currentPassword: string; newPassword: string }) =>
      user?.updatePassword({
        currentPassword,
        newPassword,
        signOutOfOtherSessions: true,
      }),
  )

  // Handle loading state
  if (!isLoaded) return <p>Loading...</p>

  // Handle signed-out state
  if (!isSignedIn) return <p>You must be signed in to access this page</p>

  const handleSubmit = async (formData: FormData) => {
    setError(null)
    const currentPassword = formData.get('currentPassword') as string
    const newPassword = formData.get('newPassword') as string

    try {
      await updatePassword({
        currentPassword,
        newPassword,
      })
      setCompleted(true)
    } catch (error) {
      // See https://clerk.com/docs/guides/development/custom-flows/error-handling
      // for more info on error handling
      console.error(error)
      setError(error as Error)
    }
  }

  if (completed) {
    return <h1>Password updated!</h1>
  }

  return (
    <>
      <h1>Update password</h1>
      <form action={handleSubmit}>
        <input type="password" name="currentPassword" placeholder="Current password" />
        <input type="password" name="newPassword" placeholder="New password" />
        <button type="submit">Update</button>
      </form>
      {error && <p>{error.message}</p>}
    </>
  )
}

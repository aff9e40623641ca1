import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { formErrors } from '../../auth/errors.ts'

/**
 * A one-click change on the security page (remove, make primary, turn off): runs it, reloads the
 * page's data, and keeps the error to show.
 */
export function useSettingsAction() {
  const router = useRouter()
  const [pending, setPending] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const run = async (key: string, action: () => Promise<unknown>) => {
    setPending(key)
    setError(null)
    try {
      await action()
      await router.invalidate()
    } catch (failure) {
      setError(formErrors(failure).form)
    } finally {
      setPending(null)
    }
  }
  /** A button's `pending` and `onClick` for the action named `key`. */
  const trigger = (key: string, action: () => Promise<unknown>) => ({
    pending: pending === key,
    onClick: () => run(key, action),
  })
  return { pending, error, run, trigger }
}

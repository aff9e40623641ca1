import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { formErrors } from '../../auth/errors.ts'
import { Alert } from '../ui/alert.tsx'
import { Button } from '../ui/button.tsx'
import { Dialog } from '../ui/dialog.tsx'

/**
 * "Are you sure?" for changes that cannot simply be undone. The dialog runs `onConfirm` itself:
 * while it runs the button is pending; when it succeeds the page's data reloads and the dialog
 * closes; when it fails the error shows in the dialog, which stays open (never behind it).
 */
export function ConfirmDialog({
  title,
  description,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  title: string
  description: string
  confirmLabel: string
  onConfirm: () => Promise<unknown>
  onClose: () => void
}) {
  const router = useRouter()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const confirm = async () => {
    setPending(true)
    setError(null)
    try {
      await onConfirm()
    } catch (failure) {
      setError(formErrors(failure).form)
      setPending(false)
      return
    }
    setPending(false)
    onClose()
    await router.invalidate()
  }
  return (
    <Dialog open onClose={onClose} title={title} description={description}>
      {error && (
        <div className="mb-4">
          <Alert>{error}</Alert>
        </div>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="danger" pending={pending} onClick={confirm}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  )
}

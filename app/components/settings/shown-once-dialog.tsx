import { useState } from 'react'
import { Button } from '../ui/button.tsx'
import { Dialog } from '../ui/dialog.tsx'

/**
 * A secret shown this one time (a Backend API key, a webhook signing secret): the server keeps only
 * its hash or its seal and never returns it again, so the dialog offers a copy and asks to be
 * closed deliberately.
 */
export function ShownOnceDialog({
  title,
  description,
  secret,
  onClose,
}: {
  title: string
  description: string
  secret: string
  onClose: () => void
}) {
  const [copied, setCopied] = useState(false)
  return (
    <Dialog open onClose={onClose} title={title} description={`${description} It will not be shown again.`}>
      <code className="block rounded-lg bg-zinc-50 p-3 font-mono text-sm break-all text-zinc-900 ring-1 ring-zinc-200">
        {secret}
      </code>
      <div className="mt-5 flex justify-end gap-2">
        <Button
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(secret)
            setCopied(true)
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
        <Button onClick={onClose}>I have saved it</Button>
      </div>
    </Dialog>
  )
}

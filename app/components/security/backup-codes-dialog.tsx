import { useState } from 'react'
import { displayBackupCode } from '../../session/codes.ts'
import { Button } from '../ui/button.tsx'
import { Dialog } from '../ui/dialog.tsx'

/** Backup codes with ways to keep them: copy, or download as a text file. */
export function BackupCodes({ appName, codes }: { appName: string; codes: string[] }) {
  const [copied, setCopied] = useState(false)
  const text = [
    `${appName} backup codes`,
    '',
    'Each code signs you in once when you cannot use your authenticator app or phone.',
    'Keep them somewhere safe, like a password manager. Generating new codes replaces these.',
    '',
    ...codes.map(displayBackupCode),
    '',
  ].join('\n')
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }))
    const link = document.createElement('a')
    link.href = url
    link.download = `${appName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-backup-codes.txt`
    link.click()
    URL.revokeObjectURL(url)
  }
  return (
    <div>
      <ul aria-label="Backup codes" className="grid grid-cols-2 gap-2 rounded-lg bg-zinc-50 p-4 ring-1 ring-zinc-200">
        {codes.map((code) => (
          <li key={code} className="text-center font-mono text-sm tracking-wide text-zinc-900">
            {displayBackupCode(code)}
          </li>
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button
          variant="secondary"
          size="sm"
          onClick={async () => {
            await navigator.clipboard.writeText(text)
            setCopied(true)
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
        <Button variant="secondary" size="sm" onClick={download}>
          Download
        </Button>
      </div>
    </div>
  )
}

/** Backup codes, shown once in a dialog. */
export function BackupCodesDialog({
  appName,
  codes,
  onClose,
}: {
  appName: string
  codes: string[]
  onClose: () => void
}) {
  return (
    <Dialog
      open
      onClose={onClose}
      title="Save your backup codes"
      description="Each code works once, for when you cannot use your second factor. They will not be shown again."
    >
      <BackupCodes appName={appName} codes={codes} />
      <div className="mt-5 flex justify-end">
        <Button onClick={onClose}>I have saved them</Button>
      </div>
    </Dialog>
  )
}

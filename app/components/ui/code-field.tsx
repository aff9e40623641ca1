import { useId } from 'react'
import { cn } from './cn.ts'

/**
 * A one-time code input: one field (so paste and the browser's one-time-code autofill work), the
 * numeric keyboard on phones, and digits spaced out for reading. Spaces and dashes in a pasted
 * code are fine: the server reads "123 456" as "123456".
 */
export function CodeField({
  label = 'Verification code',
  name = 'code',
  error,
  description,
  kind = 'one-time',
  autoFocus = true,
}: {
  label?: string
  name?: string
  error?: string | null
  description?: string
  /** `backup` takes letters too (backup codes are base32). */
  kind?: 'one-time' | 'backup'
  autoFocus?: boolean
}) {
  const id = useId()
  const descriptionId = description ? `${id}-description` : undefined
  const errorId = error ? `${id}-error` : undefined
  const oneTime = kind === 'one-time'
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <input
        id={id}
        name={name}
        required
        // biome-ignore lint/a11y/noAutofocus: the code is the only thing this step asks for
        autoFocus={autoFocus}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete={oneTime ? 'one-time-code' : 'off'}
        inputMode={oneTime ? 'numeric' : 'text'}
        maxLength={oneTime ? 11 : 24}
        placeholder={oneTime ? '123456' : 'xxxxx-xxxx-xxxx'}
        aria-invalid={error ? true : undefined}
        aria-describedby={[descriptionId, errorId].filter(Boolean).join(' ') || undefined}
        className={cn(
          'block h-12 w-full rounded-lg border-0 bg-white px-3 text-center font-mono text-xl text-zinc-900 shadow-sm ring-1 ring-inset',
          oneTime ? 'tracking-[0.5em]' : 'tracking-widest',
          'placeholder:text-zinc-300 focus:ring-2 focus:ring-inset focus:outline-none',
          error ? 'ring-red-400 focus:ring-red-500' : 'ring-zinc-300 focus:ring-indigo-600',
        )}
      />
      {description && (
        <p id={descriptionId} className="text-xs text-zinc-500">
          {description}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-xs font-medium text-red-600">
          {error}
        </p>
      )}
    </div>
  )
}

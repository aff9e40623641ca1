import { useId } from 'react'
import { cn } from './cn.ts'
import { describedBy, Field, inputRing } from './field.tsx'

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
  const oneTime = kind === 'one-time'
  return (
    <Field inputId={id} label={label} description={description} error={error}>
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
        {...describedBy(id, { description, error })}
        className={cn(
          inputRing(error),
          'h-12 text-center font-mono text-xl placeholder:text-zinc-300',
          oneTime ? 'tracking-[0.5em]' : 'tracking-widest',
        )}
      />
    </Field>
  )
}

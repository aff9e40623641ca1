import { type ClipboardEvent, useEffect, useId, useRef, useState } from 'react'
import { ONE_TIME_CODE_DIGITS } from '../../session/policy.ts'
import { cn } from './cn.ts'
import { pastedCode, typedCode } from './code-input.ts'
import { describedBy, Field, inputRing } from './field.tsx'

/**
 * A one-time code input: one field (so paste and the browser's one-time-code autofill work), the
 * numeric keyboard on phones, and digits spaced out for reading. It keeps digits only: a paste of
 * a whole message ("Your code: 123 456") leaves its code, letters typed are dropped. Once the code
 * is whole it submits its form by itself (typed, pasted or autofilled), so nobody has to find the
 * button; a wrong code stays in the field to be corrected, and submits again when whole again.
 *
 * `backup` takes a backup code (Crockford base32 letters and digits, dashes optional): as typed,
 * submitted with the button.
 */
export function CodeField({
  label = 'Verification code',
  name = 'code',
  error,
  description,
  kind = 'one-time',
  digits = ONE_TIME_CODE_DIGITS,
  autoFocus = true,
}: {
  label?: string
  name?: string
  error?: string | null
  description?: string
  kind?: 'one-time' | 'backup'
  /** How many digits a one-time code has (a sent code's, or an authenticator app's). */
  digits?: number
  autoFocus?: boolean
}) {
  if (kind === 'backup') {
    return <BackupCodeField label={label} name={name} error={error} description={description} autoFocus={autoFocus} />
  }
  return (
    <OneTimeCodeField
      label={label}
      name={name}
      error={error}
      description={description}
      digits={digits}
      autoFocus={autoFocus}
    />
  )
}

const PLACEHOLDER = '1234567890'

interface FieldProps {
  label: string
  name: string
  error?: string | null
  description?: string
  autoFocus: boolean
}

function OneTimeCodeField({ label, name, error, description, digits, autoFocus }: FieldProps & { digits: number }) {
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  const [value, setValue] = useState('')
  /** Set by the person's own input: the value the field should submit once it is on screen. */
  const [submitWhole, setSubmitWhole] = useState(false)

  // After the render that shows the whole code, so the form reads what the field shows.
  useEffect(() => {
    if (!submitWhole) return
    setSubmitWhole(false)
    if (value.length === digits) input.current?.form?.requestSubmit()
  }, [submitWhole, value, digits])

  const take = (next: string) => {
    setValue(next)
    setSubmitWhole(next.length === digits && next !== value)
  }

  return (
    <Field inputId={id} label={label} description={description} error={error}>
      <input
        ref={input}
        id={id}
        name={name}
        required
        // biome-ignore lint/a11y/noAutofocus: the code is the only thing this step asks for
        autoFocus={autoFocus}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="one-time-code"
        inputMode="numeric"
        // Room for a grouped code typed or filled in ("123 456"); what is kept is its digits.
        maxLength={digits * 2 - 1}
        placeholder={PLACEHOLDER.slice(0, digits)}
        value={value}
        onChange={(event) => take(typedCode(event.target.value, digits))}
        onPaste={(event: ClipboardEvent<HTMLInputElement>) => {
          event.preventDefault()
          take(pastedCode(event.clipboardData.getData('text'), digits))
        }}
        {...describedBy(id, { description, error })}
        className={cn(
          inputRing(error),
          'h-12 text-center font-mono text-xl tracking-[0.5em] placeholder:text-zinc-300',
        )}
      />
    </Field>
  )
}

function BackupCodeField({ label, name, error, description, autoFocus }: FieldProps) {
  const id = useId()
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
        autoComplete="off"
        inputMode="text"
        maxLength={24}
        placeholder="xxxxx-xxxx-xxxx"
        {...describedBy(id, { description, error })}
        className={cn(inputRing(error), 'h-12 text-center font-mono text-xl tracking-widest placeholder:text-zinc-300')}
      />
    </Field>
  )
}

import { type FormEvent, useState } from 'react'
import { type FormErrors, formErrors } from '../../auth/errors.ts'
import { useHydrated } from '../ui/use-hydrated.ts'

const NO_ERRORS: FormErrors = { form: null, fields: {} }

/**
 * A form that calls a server function: its errors (per field and for the form), a pending flag,
 * and whether it may submit yet (not before hydration, so a fast click never submits natively).
 * `mapErrors` can move an error where it belongs (a password rule next to the password field).
 *
 * After a success the form usually goes away (the next step, another page), so by default it
 * stays pending meanwhile (`afterSuccess: 'wait'`); a form that stays on screen is `ready` again,
 * or `clear`ed and ready.
 */
export function useFormAction(
  action: (form: FormData) => Promise<void>,
  mapErrors: (errors: FormErrors, error: unknown) => FormErrors = (errors) => errors,
  { afterSuccess = 'wait' }: { afterSuccess?: 'wait' | 'ready' | 'clear' } = {},
) {
  const [errors, setErrors] = useState(NO_ERRORS)
  const [pending, setPending] = useState(false)
  const hydrated = useHydrated()

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const element = event.currentTarget
    const form = new FormData(element)
    setPending(true)
    setErrors(NO_ERRORS)
    try {
      await action(form)
      if (afterSuccess === 'clear') element.reset()
      if (afterSuccess !== 'wait') setPending(false)
    } catch (error) {
      setErrors(mapErrors(formErrors(error), error))
      setPending(false)
    }
  }

  return { errors, pending, canSubmit: hydrated, onSubmit }
}

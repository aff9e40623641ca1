import { useEffect, useState } from 'react'
import { LinkButton } from '../ui/button.tsx'
import { useHydrated } from '../ui/use-hydrated.ts'

/** "Resend code", disabled with a countdown until the server's cooldown has passed. */
export function ResendButton({
  nextResendAt,
  onResend,
  what = 'code',
}: {
  nextResendAt: number | null
  onResend: () => void
  /** What is sent again ("code", "link"). */
  what?: string
}) {
  const hydrated = useHydrated()
  const [now, setNow] = useState(() => Date.now())
  // The server renders without a clock; the countdown starts once the browser runs.
  const wait = hydrated && nextResendAt !== null ? Math.ceil((nextResendAt - now) / 1000) : 0
  const counting = wait > 0
  useEffect(() => {
    setNow(Date.now())
    if (!counting) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [counting])
  return (
    <LinkButton onClick={onResend} disabled={wait > 0}>
      {wait > 0 ? `Resend ${what} in ${wait} s` : `Resend ${what}`}
    </LinkButton>
  )
}

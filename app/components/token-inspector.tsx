import { useEffect, useState } from 'react'
import { useAuth, useSessionToken } from '../auth/index.ts'
import { TOKEN_REFRESH_BEFORE_EXPIRY_SECONDS } from '../session/policy.ts'
import { RESERVED_CLAIMS } from '../session/tokens.ts'
import { Button } from './ui/button.tsx'
import { Card } from './ui/card.tsx'

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}

/** The standard claims, shown in this order; template claims are not (they vary by app). */
const SHOWN_CLAIMS = RESERVED_CLAIMS

/** The tab's current session token, decoded, with a live countdown to its refresh. */
export function TokenInspector() {
  const token = useSessionToken()
  const { getToken } = useAuth()
  const now = useNow(1000)
  const [apiAnswer, setApiAnswer] = useState<string | null>(null)

  const refreshIn = token
    ? Math.max(0, Math.floor((token.expiresAt - TOKEN_REFRESH_BEFORE_EXPIRY_SECONDS * 1000 - now) / 1000))
    : null
  const expiresIn = token ? Math.max(0, Math.floor((token.expiresAt - now) / 1000)) : null

  async function callApi() {
    const jwt = await getToken()
    const response = await fetch('/api/me', { headers: jwt ? { authorization: `Bearer ${jwt}` } : {} })
    setApiAnswer(`${response.status} ${JSON.stringify(await response.json(), null, 2)}`)
  }

  return (
    <Card className="p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-sm font-semibold tracking-wide text-zinc-500 uppercase">Session token</h2>
        {token && (
          <p className="text-sm text-zinc-600" aria-live="polite">
            Refreshes in <span data-testid="refresh-countdown">{refreshIn}</span> s · expires in {expiresIn} s
          </p>
        )}
      </div>
      {token ? (
        <dl aria-label="Token claims" className="mt-4 grid gap-x-6 gap-y-2 font-mono text-xs sm:grid-cols-2">
          <div className="flex gap-2">
            <dt className="text-zinc-500">alg / kid</dt>
            <dd className="truncate text-zinc-900">
              {String(token.header.alg)} / {String(token.header.kid).slice(0, 12)}…
            </dd>
          </div>
          {SHOWN_CLAIMS.filter((claim) => claim in token.claims).map((claim) => (
            <div key={claim} className="flex gap-2">
              <dt className="w-10 shrink-0 text-zinc-500">{claim}</dt>
              <dd className="truncate text-zinc-900" data-claim={claim} title={JSON.stringify(token.claims[claim])}>
                {JSON.stringify(token.claims[claim])}
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="mt-4 text-sm text-zinc-500">Fetching a token…</p>
      )}
      <div className="mt-5 flex flex-wrap items-center gap-3">
        <Button variant="secondary" size="sm" onClick={callApi}>
          Call GET /api/me with this token
        </Button>
        <span className="text-xs text-zinc-500">
          A backend verifies it with the public JWKS at /.well-known/jwks.json.
        </span>
      </div>
      {apiAnswer && (
        <section aria-label="API answer" className="mt-4">
          <pre className="overflow-x-auto rounded-lg bg-zinc-950 p-4 text-xs text-zinc-100">{apiAnswer}</pre>
        </section>
      )}
    </Card>
  )
}

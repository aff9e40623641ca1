import { createFileRoute } from '@tanstack/react-router'
import { useServerFn } from '@tanstack/react-start'
import { useState } from 'react'
import { $echo, $ping, $pingWithHeaders, $pingWithMiddleware } from '../functions.ts'

/**
 * Not measured: the page that calls the server functions, so they are in the build (Start bundles
 * the functions its routes reach).
 */
export const Route = createFileRoute('/functions')({ component: Functions })

function Functions() {
  const ping = useServerFn($ping)
  const echo = useServerFn($echo)
  const pingWithMiddleware = useServerFn($pingWithMiddleware)
  const pingWithHeaders = useServerFn($pingWithHeaders)
  const [answer, setAnswer] = useState('')
  return (
    <main>
      <button type="button" onClick={async () => setAnswer(JSON.stringify(await ping()))}>
        Ping
      </button>
      <button type="button" onClick={async () => setAnswer(JSON.stringify(await echo({ data: { value: 'x' } })))}>
        Echo
      </button>
      <button type="button" onClick={async () => setAnswer(JSON.stringify(await pingWithMiddleware()))}>
        Ping with middleware
      </button>
      <button type="button" onClick={async () => setAnswer(JSON.stringify(await pingWithHeaders()))}>
        Ping with Tessera's headers
      </button>
      <output>{answer}</output>
    </main>
  )
}

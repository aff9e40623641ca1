/**
 * Better Auth on node:http, the peer `npm run bench` measures beside Tessera (set up as in
 * ../shared/reference/perf-anchors.md §4): Postgres through its Drizzle adapter (postgres.js, pool
 * of 10), email and password, rate limiting off (it is on by default in production and would cap
 * the benchmark), the cookie cache on or off.
 *
 * Environment: PORT (4700), DATABASE_URL, COOKIE_CACHE (`on` | `off`, default off),
 * BETTER_AUTH_SECRET, BASE_URL (default http://127.0.0.1:PORT). Routes: `/api/auth/*` (Better
 * Auth's handler) and `GET /health` → 200 {"ok":true}. SIGTERM closes the server and the pool.
 */
import { createServer } from 'node:http'

process.env.NODE_ENV = 'production'

const { betterAuth } = await import('better-auth')
const { drizzleAdapter } = await import('better-auth/adapters/drizzle')
const { toNodeHandler } = await import('better-auth/node')
const { drizzle } = await import('drizzle-orm/postgres-js')
const { default: postgres } = await import('postgres')
const schema = await import('./schema.mjs')

const port = Number(process.env.PORT ?? 4700)
const databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) throw new Error('DATABASE_URL is required')
const cookieCache = process.env.COOKIE_CACHE === 'on'
const baseURL = process.env.BASE_URL ?? `http://127.0.0.1:${port}`

const client = postgres(databaseUrl, { max: 10, onnotice: () => {} })
const db = drizzle(client, { schema })

const auth = betterAuth({
  baseURL,
  secret: process.env.BETTER_AUTH_SECRET,
  database: drizzleAdapter(db, { provider: 'pg', schema }),
  emailAndPassword: { enabled: true },
  rateLimit: { enabled: false },
  session: {
    // The default strategy is `compact`; 24 h so the cache never expires during a run.
    cookieCache: cookieCache ? { enabled: true, maxAge: 24 * 3600 } : undefined,
  },
})

const authHandler = toNodeHandler(auth)

const server = createServer((request, response) => {
  const url = request.url ?? '/'
  if (url.startsWith('/api/auth/') || url === '/api/auth') {
    authHandler(request, response)
    return
  }
  if (url === '/health' && request.method === 'GET') {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end('{"ok":true}')
    return
  }
  response.writeHead(404, { 'content-type': 'application/json' })
  response.end('{"error":"not_found"}')
})

server.listen(port, '127.0.0.1')

let stopping = false
function stop() {
  if (stopping) return
  stopping = true
  server.close(() => {
    client.end({ timeout: 2 }).finally(() => process.exit(0))
  })
  server.closeAllConnections()
  setTimeout(() => process.exit(0), 5000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)

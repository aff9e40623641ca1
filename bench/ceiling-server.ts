/**
 * The machine's ceilings, on bare node:http (no framework):
 * - MODE=json: answers `{"ok":true}`;
 * - MODE=pg: reads the `__client` cookie, hashes it, and runs ONE prepared postgres.js statement on
 *   Tessera's own tables: the client by its token hash, joined to the session page loads render
 *   (the client's last active one, as the app's `tessera_auth_lookup` does) and to its user.
 *   Pool of 10, as the app's. 401 when no signed-in session matches.
 */

import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import postgres from 'postgres'

const mode = process.env.MODE ?? 'json'
const sql = mode === 'pg' ? postgres(String(process.env.DATABASE_URL), { max: 10, onnotice: () => {} }) : null

const tokenFrom = (cookie: string | undefined) =>
  /(?:^|;\s*)__client=([A-Za-z0-9_-]{43})(?:;|$)/.exec(cookie ?? '')?.[1]

createServer(async (request, response) => {
  if (request.url === '/health') return void response.end('ok')
  if (!sql) {
    response.writeHead(200, { 'content-type': 'application/json' })
    return void response.end('{"ok":true}')
  }
  const token = tokenFrom(request.headers.cookie)
  if (!token) return void response.writeHead(401).end()
  try {
    const tokenHash = createHash('sha256').update(token).digest('hex')
    const [row] = await sql`
      select c.id as client_id, s.id as session_id, s.status, s.expire_at, s.abandon_at, u.id as user_id, u.banned_at
      from clients c
      join sessions s on s.client_id = c.id and s.id = c.last_active_session_id
      join users u on u.id = s.user_id
      where c.token_hash = ${tokenHash}
      limit 1`
    if (!row || (row.status !== 'active' && row.status !== 'pending')) return void response.writeHead(401).end()
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ userId: row.user_id, sessionId: row.session_id, status: row.status }))
  } catch {
    response.writeHead(503).end()
  }
}).listen(Number(process.env.PORT), '127.0.0.1')

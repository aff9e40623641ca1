/**
 * What the local test providers (oidc-idp.ts, github-provider.ts) share: their sign-in pages escape
 * what they echo, and read the forms those pages post.
 */

import type { IncomingMessage } from 'node:http'

export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)

export async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

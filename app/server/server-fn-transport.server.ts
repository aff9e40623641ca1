/**
 * Checks on a server-function request before Start handles it, so that requests no browser of ours
 * would send get a coded 4xx instead of a 500 or an uncoded answer: an unknown function id (404),
 * another HTTP method than the function's (405), a body over the size limit (413, as server routes
 * answer it: http.server.ts), or a payload that is not well-formed (400). Start itself reads bodies
 * of any size.
 */

import { fromJSON } from 'seroval'
import { TesseraError } from '../session/errors.ts'
import { PROFILE_IMAGE_MAX_BODY_BYTES, SERVER_FN_MAX_BODY_BYTES } from '../session/policy.ts'
import { ownEntry } from '../session/registry.ts'
import { discardBody, payloadTooLarge, readBodyCapped } from './http.server.ts'

export const SERVER_FN_BASE = '/_serverFn/'

/** Functions that take more than a form's worth (by export name); every other one gets SERVER_FN_MAX_BODY_BYTES. */
const LARGER_BODIES: Readonly<Record<string, number>> = { $setProfileImage: PROFILE_IMAGE_MAX_BODY_BYTES }

/** The most a call to `name` may send. */
export function maxBodyBytesOf(name: string): number {
  return ownEntry(LARGER_BODIES, name) ?? SERVER_FN_MAX_BODY_BYTES
}

const functionModules = import.meta.glob('../functions/*.functions.ts')
let knownFunctions: Promise<Map<string, string>> | undefined

/** Every server function, by id (with our id generator, the `$verb` export name), with its HTTP method. */
export function knownServerFunctions(): Promise<Map<string, string>> {
  knownFunctions ??= Promise.all(Object.values(functionModules).map((load) => load())).then(
    (modules) =>
      new Map(
        modules.flatMap((module) =>
          Object.entries(module as Record<string, { method?: unknown }>)
            .filter(([name]) => name.startsWith('$'))
            .map(([name, fn]): [string, string] => [name, String(fn.method ?? 'GET').toUpperCase()]),
        ),
      ),
  )
  return knownFunctions
}

function malformed(reason: string): TesseraError {
  return new TesseraError('invalid_input', {
    meta: { reason },
    message: `The server-function payload was refused: ${reason}.`,
  })
}

function parsePayload(text: string): TesseraError | null {
  try {
    fromJSON(JSON.parse(text))
    return null
  } catch {
    return malformed('malformed payload')
  }
}

const HANDLER_SUFFIX = /_createServerFn_handler$/

/**
 * The export name a request's function id stands for. Builds use the name itself (see
 * vite.config.ts); the dev server uses base64url JSON naming the file and export.
 */
export function functionNameOf(id: string, options: { allowDevIds: boolean }): string {
  if (!options.allowDevIds || id.startsWith('$')) return id
  try {
    const decoded = JSON.parse(Buffer.from(id, 'base64url').toString('utf8')) as { export?: unknown }
    return typeof decoded.export === 'string' ? decoded.export.replace(HANDLER_SUFFIX, '') : id
  } catch {
    return id
  }
}

/** The error to answer with, or null when Start may handle the request. */
export async function checkServerFnRequest(
  request: Request,
  functions: ReadonlyMap<string, string>,
  options: { allowDevIds: boolean },
): Promise<TesseraError | null> {
  const url = new URL(request.url)
  // Compared as sent, undecoded: Start looks the raw segment up, so `%24signOut` is no function
  // (decoding it here once let it through to Start, which failed with a 500).
  const id = url.pathname.slice(SERVER_FN_BASE.length).split('/')[0] ?? ''
  const name = functionNameOf(id, options)
  const method = functions.get(name)
  if (!method) return new TesseraError('not_found', { message: 'No server function has this id.' })
  // Start refuses another method itself, but in plain text: answer it with our code first.
  if (request.method.toUpperCase() !== method)
    return new TesseraError('method_not_allowed', { meta: { allow: method } })
  if (request.method === 'GET') {
    const payload = url.searchParams.get('payload')
    if (payload === null) return null
    if (payload.length > SERVER_FN_MAX_BODY_BYTES) return payloadTooLarge(SERVER_FN_MAX_BODY_BYTES)
    return parsePayload(payload)
  }
  const contentType = request.headers.get('content-type')
  let body: string
  try {
    // A copy of the body: Start reads the request's own once the checks pass.
    body = Buffer.from(await readBodyCapped(request.clone(), maxBodyBytesOf(name))).toString('utf8')
  } catch (error) {
    // The copy's rest is being discarded; so must the request's own, or the copy's tee keeps it all.
    if (error instanceof TesseraError && error.code === 'payload_too_large') discardBody(request)
    if (error instanceof TesseraError) return error
    throw error
  }
  // No body and no type: a call without input, which Start passes on as `undefined`.
  if (body === '' && contentType === null) return null
  if (!contentType?.includes('application/json')) return malformed('unsupported content type')
  return parsePayload(body)
}

import { describe, expect, it } from 'vitest'
import { PROFILE_IMAGE_MAX_BODY_BYTES, SERVER_FN_MAX_BODY_BYTES } from '../session/policy.ts'
import { checkServerFnRequest, functionNameOf } from './server-fn-transport.server.ts'

const ids = new Map([
  ['$signIn', 'POST'],
  ['$getClient', 'GET'],
  ['$setProfileImage', 'POST'],
])
const prod = { allowDevIds: false }
const devId = Buffer.from(
  JSON.stringify({ file: '/app/functions/auth.functions.ts', export: '$signIn_createServerFn_handler' }),
).toString('base64url')

const post = (
  body: BodyInit | null,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  id = '$signIn',
) => new Request(`http://localhost/_serverFn/${id}`, { method: 'POST', body, headers })

describe('checkServerFnRequest', () => {
  it('lets a well-formed payload through', async () => {
    expect(await checkServerFnRequest(post('{"t":{"t":2,"s":0},"f":127,"m":[]}'), ids, prod)).toBeNull()
  })

  it('lets a call without input through', async () => {
    expect(await checkServerFnRequest(post(null, {}), ids, prod)).toBeNull()
  })

  it.each([
    ['not JSON', 'nope', 'malformed payload'],
    ['JSON that seroval cannot read', '{"t":{"t":99}}', 'malformed payload'],
    ['an empty JSON body', '', 'malformed payload'],
  ])('refuses %s with invalid_input', async (_, body, reason) => {
    const refusal = await checkServerFnRequest(post(body), ids, prod)
    expect(refusal?.toPayload()).toMatchObject({ code: 'invalid_input', status: 400, meta: { reason } })
  })

  it('refuses a body over the limit with 413 payload_too_large, as server routes do', async () => {
    const refusal = await checkServerFnRequest(post('x'.repeat(SERVER_FN_MAX_BODY_BYTES + 1)), ids, prod)
    expect(refusal?.toPayload()).toMatchObject({
      code: 'payload_too_large',
      status: 413,
      meta: { maxBytes: SERVER_FN_MAX_BODY_BYTES },
    })
  })

  it('lets the profile image upload, and only it, send more than a form', async () => {
    const payload = `{"t":{"t":1,"s":"${'A'.repeat(SERVER_FN_MAX_BODY_BYTES)}"},"f":31,"m":[]}`
    expect(await checkServerFnRequest(post(payload, undefined, '$setProfileImage'), ids, prod)).toBeNull()
    expect((await checkServerFnRequest(post(payload), ids, prod))?.code).toBe('payload_too_large')
    const tooLarge = 'x'.repeat(PROFILE_IMAGE_MAX_BODY_BYTES + 1)
    expect(
      (await checkServerFnRequest(post(tooLarge, undefined, '$setProfileImage'), ids, prod))?.toPayload(),
    ).toMatchObject({
      code: 'payload_too_large',
      meta: { maxBytes: PROFILE_IMAGE_MAX_BODY_BYTES },
    })
  })

  it('refuses form posts, which no function of ours accepts', async () => {
    expect(
      (await checkServerFnRequest(post('a=b', { 'content-type': 'application/x-www-form-urlencoded' }), ids, prod))
        ?.code,
    ).toBe('invalid_input')
  })

  it('refuses an unknown function with not_found', async () => {
    expect((await checkServerFnRequest(post('{}', undefined, '$dropTables'), ids, prod))?.code).toBe('not_found')
  })

  it.each(['%24signIn', '%24sign%49n', '$signIn%00', '%E0%A4%A', '$sign%2FIn'])(
    'refuses the encoded or malformed id %s with not_found (Start looks ids up as sent)',
    async (id) => {
      expect((await checkServerFnRequest(post('{}', undefined, id), ids, prod))?.code).toBe('not_found')
    },
  )

  it.each([
    ['GET', '$signIn', 'POST'],
    ['DELETE', '$signIn', 'POST'],
    ['POST', '$getClient', 'GET'],
    ['HEAD', '$getClient', 'GET'],
  ])('refuses %s to %s with 405 method_not_allowed, naming %s', async (method, id, allow) => {
    const request = new Request(`http://localhost/_serverFn/${id}`, { method })
    expect((await checkServerFnRequest(request, ids, prod))?.toPayload()).toMatchObject({
      code: 'method_not_allowed',
      status: 405,
      meta: { allow },
    })
  })

  it('checks GET payloads too', async () => {
    const get = (payload: string) =>
      new Request(`http://localhost/_serverFn/$getClient?payload=${encodeURIComponent(payload)}`)
    expect(await checkServerFnRequest(get('{"t":{"t":2,"s":0},"f":127,"m":[]}'), ids, prod)).toBeNull()
    expect((await checkServerFnRequest(get('zzz'), ids, prod))?.code).toBe('invalid_input')
    const tooLong = `"${'x'.repeat(SERVER_FN_MAX_BODY_BYTES)}"`
    expect((await checkServerFnRequest(get(tooLong), ids, prod))?.code).toBe('payload_too_large')
  })
})

describe('functionNameOf', () => {
  it('reads the dev server ids only when allowed', () => {
    expect(functionNameOf(devId, { allowDevIds: true })).toBe('$signIn')
    expect(functionNameOf(devId, prod)).toBe(devId)
    expect(functionNameOf('$signIn', prod)).toBe('$signIn')
  })
})

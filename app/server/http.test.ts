import { describe, expect, it } from 'vitest'
import { TesseraError } from '../session/errors.ts'
import { errorResponse } from './http.server.ts'

describe('errorResponse', () => {
  it('tells when to retry a refusal that ends: an outage', async () => {
    const response = errorResponse(new TesseraError('service_unavailable'))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('2')
    expect(await response.json()).toMatchObject({ code: 'service_unavailable', status: 503 })
  })

  it('tells when to retry a rate limit, rounded up to whole seconds', () => {
    const response = errorResponse(new TesseraError('rate_limited', { meta: { retryAfterSeconds: 4.2 } }))
    expect(response.headers.get('retry-after')).toBe('5')
  })

  it('says nothing about retrying a refusal that waiting will not change', () => {
    expect(errorResponse(new TesseraError('signed_out')).headers.get('retry-after')).toBeNull()
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'

afterEach(() => {
  vi.unstubAllEnvs()
  vi.resetModules()
})

async function captureLine(fields: Record<string, unknown>): Promise<Record<string, unknown>> {
  vi.stubEnv('LOG_LEVEL', 'debug')
  const { log } = await import('./log.server.ts')
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  log.info('test.event', fields)
  const line = String(write.mock.calls[0]?.[0])
  write.mockRestore()
  return JSON.parse(line)
}

describe('structured logs', () => {
  it('write one JSON object per event', async () => {
    expect(await captureLine({ sessionId: 'abc' })).toMatchObject({
      level: 'info',
      event: 'test.event',
      sessionId: 'abc',
    })
  })

  it.each([
    'token',
    'clientToken',
    'password',
    'newPassword',
    'secret',
    'cookie',
    'authorization',
    'code',
    'tokenHash',
    'jwt',
  ])('never write the value of a %s field', async (field) => {
    const line = await captureLine({ [field]: 'sensitive-value' })
    expect(line[field]).toBe('[redacted]')
    expect(JSON.stringify(line)).not.toContain('sensitive-value')
  })
})

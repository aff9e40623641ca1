import { describe, expect, it } from 'vitest'
import { attribute, type CpuProfile, partOfUrl } from './profile.ts'

const OUT = 'file:///repo/.output/server'

describe('the profile attribution', () => {
  it('names the part of the build each file belongs to', () => {
    expect(partOfUrl(`${OUT}/_ssr/client-snapshot.server-Ab12.mjs`)).toBe('tessera')
    expect(partOfUrl(`${OUT}/_ssr/createServerRpc-cwhBdcVU.mjs`)).toBe('framework')
    expect(partOfUrl(`${OUT}/_ssr/ssr.mjs`)).toBe('framework')
    expect(partOfUrl(`${OUT}/_ssr/start-COmmreO7.mjs`)).toBe('tessera')
    expect(partOfUrl(`${OUT}/_libs/@tanstack/react-router+[...].mjs`)).toBe('framework')
    expect(partOfUrl(`${OUT}/_libs/seroval.mjs`)).toBe('framework')
    expect(partOfUrl(`${OUT}/_libs/drizzle-orm+postgres.mjs`)).toBe('database')
    expect(partOfUrl(`${OUT}/_libs/jose.mjs`)).toBe('jwt')
    expect(partOfUrl(`${OUT}/_libs/zod.mjs`)).toBe('validation')
    expect(partOfUrl(`${OUT}/_libs/h3+rou3+srvx.mjs`)).toBe('server runtime')
    expect(partOfUrl(`${OUT}/index.mjs`)).toBe('server runtime')
    expect(partOfUrl(`${OUT}/_libs/qrcode.mjs`)).toBe('other libraries')
    expect(partOfUrl('node:internal/http')).toBe('node')
    expect(partOfUrl('')).toBeNull()
  })

  it('gives each sample the time until the next, built-ins to their caller, and leaves idle out', () => {
    const frame = (functionName: string, url = '') => ({ functionName, url })
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 5, 6, 7] },
        { id: 2, callFrame: frame('render', `${OUT}/_ssr/dashboard-x.mjs`), children: [3] },
        { id: 3, callFrame: frame('stringify'), children: [4] }, // a built-in: counts for render
        { id: 4, callFrame: frame('query', `${OUT}/_libs/drizzle-orm+postgres.mjs`) },
        { id: 5, callFrame: frame('(garbage collector)') },
        { id: 6, callFrame: frame('(idle)') },
        { id: 7, callFrame: frame('(program)') },
      ],
      startTime: 0,
      endTime: 1000,
      // Sample i lasts timeDeltas[i + 1]; the last sample has no end and counts for nothing.
      samples: [2, 3, 4, 5, 6, 7, 2],
      timeDeltas: [0, 100, 200, 300, 400, 500, 600],
    }
    const perRequest = attribute(profile, 10)
    expect(perRequest.tessera).toBe((100 + 200) / 10)
    expect(perRequest.database).toBe(300 / 10)
    expect(perRequest.gc).toBe(400 / 10)
    expect(perRequest.v8).toBe(600 / 10)
    expect(Object.values(perRequest).reduce((a, b) => a + b, 0)).toBe((100 + 200 + 300 + 400 + 600) / 10)
  })
})

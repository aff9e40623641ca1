import { describe, expect, it } from 'vitest'
import { cpuMicros } from './load.ts'
import { luaString, parseWrk, wrkScript } from './wrk.ts'

describe('the wrk load generator', () => {
  it('quotes any string as a Lua literal', () => {
    expect(luaString('plain')).toBe('"plain"')
    expect(luaString('a "quoted" \\ path')).toBe('"a \\"quoted\\" \\\\ path"')
    expect(luaString('line\nbreak é')).toBe('"line\\10break \\195\\169"')
  })

  it('builds one request statically, and many as a rotation of preformatted requests', () => {
    const one = wrkScript({
      url: 'http://127.0.0.1:1/_serverFn/$ping?x=1',
      method: 'GET',
      variants: [{ headers: { 'x-tsr-serverfn': 'true' } }],
      connections: 1,
      seconds: 1,
    })
    expect(one).toContain('wrk.path = "/_serverFn/$ping?x=1"')
    expect(one).toContain('wrk.headers["x-tsr-serverfn"] = "true"')
    expect(one).not.toContain('request = function')
    expect(one).not.toContain('response = function')

    const many = wrkScript(
      {
        url: 'http://127.0.0.1:1/',
        method: 'POST',
        variants: [
          { headers: { authorization: 'Bearer a' }, path: '/api/sessions/1/tokens' },
          { headers: { authorization: 'Bearer b' }, path: '/api/sessions/2/tokens', body: '{"x":1}' },
        ],
        connections: 1,
        seconds: 1,
      },
      { countStatuses: true },
    )
    expect(many).toContain('wrk.format("POST", "/api/sessions/1/tokens", {["authorization"]="Bearer a"}, nil)')
    expect(many).toContain(
      'wrk.format("POST", "/api/sessions/2/tokens", {["authorization"]="Bearer b"}, "{\\"x\\":1}")',
    )
    expect(many).toContain('request = function')
    expect(many).toContain('response = function')
  })

  it('reads the summary line its done() hook prints, latencies from µs to ms', () => {
    const stdout = [
      'Running 2s test @ http://127.0.0.1:1/',
      '  Latency Distribution',
      '     50%  125.38ms',
      'TESSERA_WRK {"requests":1000,"durationUs":2000000,"p50":1500,"p90":2500,"p99":9000,"max":12345,"mean":1800.5,"connect":0,"read":1,"write":0,"status":3,"timeout":2,"statuses":{"200":997,"503":3}}',
      'Requests/sec:    500.00',
    ].join('\n')
    const result = parseWrk(stdout)
    expect(result).toMatchObject({
      generator: 'wrk',
      requestsPerSecond: 500,
      total: 1000,
      seconds: 2,
      latency: { p50: 1.5, p90: 2.5, p99: 9, max: 12.345 },
      errors: 6,
      non2xx: 3,
      timeouts: 2,
      statusCodes: { '200': 997, '503': 3 },
    })
    expect(() => parseWrk('wrk: connection refused')).toThrow(/no summary/)
  })

  it('reads a process\u2019s CPU time from /proc', () => {
    let spin = 0
    for (let i = 0; i < 5e6; i++) spin += i
    expect(spin).toBeGreaterThan(0)
    expect(cpuMicros(process.pid)).toBeGreaterThan(0)
    expect(cpuMicros(undefined)).toBeNaN()
  })
})

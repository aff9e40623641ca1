import { describe, expect, it } from 'vitest'
import { DESCRIBED_CAP, describedCount, describeUserAgent } from './user-agent.server.ts'

describe('describeUserAgent', () => {
  it.each([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      { browser: 'Chrome 156', os: 'Linux', type: 'desktop' },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      { browser: 'Safari 18', os: 'iOS 18', type: 'mobile' },
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0',
      { browser: 'Firefox 140', os: 'Windows 10', type: 'desktop' },
    ],
  ])('reads %s', (userAgent, expected) => {
    expect(describeUserAgent(userAgent)).toEqual(expected)
  })

  it('says "unknown" rather than guessing', () => {
    expect(describeUserAgent(null)).toEqual({ browser: null, os: null, type: 'unknown' })
    expect(describeUserAgent('curl/8.5.0').type).toBe('unknown')
  })

  it('answers the same for a string seen before, also after more distinct strings than it keeps', () => {
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'
    const first = describeUserAgent(firefox)
    for (let index = 0; index < 1500; index++) describeUserAgent(`probe/${index}`)
    expect(describeUserAgent(firefox)).toEqual(first)
    expect(first).toEqual({ browser: 'Firefox 133', os: 'Linux', type: 'desktop' })
  })

  it('keeps at most its cap of parsed strings, however many distinct ones arrive', () => {
    for (let index = 0; index < DESCRIBED_CAP * 10; index++) {
      describeUserAgent(`Mozilla/5.0 (X11; Linux x86_64; rv:${index}.0) Gecko/20100101 Firefox/${index}.0`)
      expect(describedCount()).toBeLessThanOrEqual(DESCRIBED_CAP)
    }
    expect(describedCount()).toBeGreaterThan(0)
  })
})

import { describe, expect, it } from 'vitest'
import { describeUserAgent, deviceColumns, storedDevice, userAgentReader } from './user-agent.server.ts'

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

  it('fills the session columns the devices list reads, and reads them back without parsing', () => {
    const columns = deviceColumns('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')
    expect(columns).toEqual({ deviceBrowser: 'Firefox 133', deviceOs: 'Linux', deviceType: 'desktop' })
    expect(storedDevice(columns)).toEqual({ browser: 'Firefox 133', os: 'Linux', type: 'desktop' })
    expect(deviceColumns(null)).toEqual({ deviceBrowser: null, deviceOs: null, deviceType: 'unknown' })
    // A row from before the columns existed (not read yet) is an unknown device.
    expect(storedDevice({ deviceBrowser: null, deviceOs: null, deviceType: null })).toEqual({
      browser: null,
      os: null,
      type: 'unknown',
    })
  })

  it('parses each string of a page once, and keeps nothing between pages', () => {
    const read = userAgentReader()
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'
    expect(read(firefox)).toBe(read(firefox))
    expect(userAgentReader()(firefox)).not.toBe(read(firefox))
    expect(userAgentReader()(firefox)).toEqual(read(firefox))
  })
})

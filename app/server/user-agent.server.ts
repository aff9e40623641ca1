/**
 * Device, browser and OS from a User-Agent string (bowser, a maintained parser), for the devices
 * list. Informational only: a User-Agent is whatever the client says it is.
 */

import Bowser from 'bowser'
import type { DeviceJSON } from '../session/wire.ts'
import { BoundedMap } from './bounded-map.server.ts'

const UNKNOWN: DeviceJSON = Object.freeze({ browser: null, os: null, type: 'unknown' })

/**
 * Parsed User-Agents, at most `DESCRIBED_CAP` (the most recently used): a user's devices list repeats a few
 * strings over many sessions (parsing each row made a 1,000-session list cost ~100 ms of CPU), and
 * the cap keeps strangers' strings from growing the map.
 */
export const DESCRIBED_CAP = 1000
const described = new BoundedMap<string, DeviceJSON>(DESCRIBED_CAP)

/** How many parsed strings are kept (for the test of the cap). */
export const describedCount = (): number => described.size

function majorVersion(version: string | undefined): string | null {
  return version?.split('.')[0] || null
}

export function describeUserAgent(userAgent: string | null): DeviceJSON {
  if (!userAgent) return UNKNOWN
  let device = described.get(userAgent)
  if (!device) {
    device = parse(userAgent)
    described.set(userAgent, device)
  }
  return device
}

function parse(userAgent: string): DeviceJSON {
  const { browser, os, platform } = Bowser.parse(userAgent)
  const browserVersion = majorVersion(browser.version)
  const osVersion = os.versionName ?? majorVersion(os.version)
  const type =
    platform.type === 'desktop' || platform.type === 'mobile' || platform.type === 'tablet' ? platform.type : 'unknown'
  return Object.freeze({
    browser: browser.name ? [browser.name, browserVersion].filter(Boolean).join(' ') : null,
    os: os.name ? [os.name, osVersion].filter(Boolean).join(' ') : null,
    type,
  })
}

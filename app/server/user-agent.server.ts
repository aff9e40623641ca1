/**
 * Device, browser and OS from a User-Agent string (bowser, a maintained parser), for the devices
 * list. Informational only: a User-Agent is whatever the client says it is.
 *
 * A session's device is read once, when the session is created or its User-Agent changes, into
 * columns of `sessions` (`deviceColumns`); lists read those columns (`storedDevice`) and parse
 * nothing. Other rows that keep a User-Agent (the ledger) are parsed when read, a page at a time.
 */

import Bowser from 'bowser'
import type { sessions } from '../../db/schema.ts'
import type { DeviceJSON } from '../session/wire.ts'

const UNKNOWN: DeviceJSON = Object.freeze({ browser: null, os: null, type: 'unknown' })

function majorVersion(version: string | undefined): string | null {
  return version?.split('.')[0] || null
}

export function describeUserAgent(userAgent: string | null): DeviceJSON {
  if (!userAgent) return UNKNOWN
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

/**
 * `describeUserAgent` for the rows of one page: a page repeats a few strings, each parsed once
 * (nothing is kept between calls, so strangers' strings cannot grow anything).
 */
export function userAgentReader(): (userAgent: string | null) => DeviceJSON {
  const seen = new Map<string, DeviceJSON>()
  return (userAgent) => {
    if (!userAgent) return UNKNOWN
    let device = seen.get(userAgent)
    if (!device) {
      device = describeUserAgent(userAgent)
      seen.set(userAgent, device)
    }
    return device
  }
}

type DeviceColumns = Pick<typeof sessions.$inferSelect, 'deviceBrowser' | 'deviceOs' | 'deviceType'>

/** The device columns of a session whose User-Agent is `userAgent`. */
export function deviceColumns(userAgent: string | null): DeviceColumns {
  const device = describeUserAgent(userAgent)
  return { deviceBrowser: device.browser, deviceOs: device.os, deviceType: device.type }
}

/** A session's device as its columns say (a row not read yet is an unknown device). */
export function storedDevice(row: DeviceColumns): DeviceJSON {
  return row.deviceType === null ? UNKNOWN : { browser: row.deviceBrowser, os: row.deviceOs, type: row.deviceType }
}

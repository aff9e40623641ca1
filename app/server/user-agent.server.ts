/**
 * Device, browser and OS from a User-Agent string (bowser, a maintained parser), for the devices
 * list. Informational only: a User-Agent is whatever the client says it is.
 */

import Bowser from 'bowser'
import type { DeviceJSON } from '../session/wire.ts'

const UNKNOWN: DeviceJSON = { browser: null, os: null, type: 'unknown' }

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
  return {
    browser: browser.name ? [browser.name, browserVersion].filter(Boolean).join(' ') : null,
    os: os.name ? [os.name, osVersion].filter(Boolean).join(' ') : null,
    type,
  }
}

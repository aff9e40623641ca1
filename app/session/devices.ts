import type { DeviceJSON } from './wire.ts'

/** "Chrome 156 on Linux", for lists and for emails about activity. */
export function deviceName(device: DeviceJSON): string {
  return [device.browser ?? 'Unknown browser', device.os ? `on ${device.os}` : null].filter(Boolean).join(' ')
}

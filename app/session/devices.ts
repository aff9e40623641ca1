/** What kind of device a User-Agent says a session runs on (the `device_type` column). */
export const DEVICE_TYPES = ['desktop', 'mobile', 'tablet', 'unknown'] as const
export type DeviceType = (typeof DEVICE_TYPES)[number]

/** "Chrome 156 on Linux", for lists and for emails about activity. */
export function deviceName(device: { browser: string | null; os: string | null }): string {
  return [device.browser ?? 'Unknown browser', device.os ? `on ${device.os}` : null].filter(Boolean).join(' ')
}

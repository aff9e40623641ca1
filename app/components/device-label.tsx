import { deviceName } from '../session/devices.ts'
import type { DeviceJSON } from '../session/wire.ts'

/** "Chrome 156 on Linux", with an icon for the kind of device. */
export function DeviceLabel({ device }: { device: DeviceJSON }) {
  return (
    <span className="flex items-center gap-2">
      <DeviceIcon type={device.type} />
      <span>{deviceName(device)}</span>
    </span>
  )
}

function DeviceIcon({ type }: { type: DeviceJSON['type'] }) {
  const phone = type === 'mobile' || type === 'tablet'
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      className="size-5 shrink-0 text-zinc-400"
      aria-hidden="true"
    >
      {phone ? (
        <path
          strokeLinecap="round"
          strokeLinejoin="round"
          d="M10.5 1.5H8.25A2.25 2.25 0 0 0 6 3.75v16.5a2.25 2.25 0 0 0 2.25 2.25h7.5A2.25 2.25 0 0 0 18 20.25V3.75a2.25 2.25 0 0 0-2.25-2.25H13.5m-3 0V3h3V1.5m-3 0h3m-3 18.75h3"
        />
      ) : (
        <path
          strokeLinecap="round"
          strokeLinejoin="round"
          d="M9 17.25v1.007a3 3 0 0 1-.879 2.122L7.5 21h9l-.621-.621A3 3 0 0 1 15 18.257V17.25m6-12V15a2.25 2.25 0 0 1-2.25 2.25H5.25A2.25 2.25 0 0 1 3 15V5.25m18 0A2.25 2.25 0 0 0 18.75 3H5.25A2.25 2.25 0 0 0 3 5.25m18 0V12a2.25 2.25 0 0 1-2.25 2.25H5.25A2.25 2.25 0 0 1 3 12V5.25"
        />
      )}
    </svg>
  )
}

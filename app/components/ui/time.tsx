import { useSyncExternalStore } from 'react'

const subscribe = () => () => {}

/**
 * The viewer's time zone. The server renders in UTC; after hydration React re-renders with the
 * browser's zone, so server and client markup never disagree.
 */
function useTimeZone(): string {
  return useSyncExternalStore(
    subscribe,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => 'UTC',
  )
}

/**
 * Formatters by zone and precision: building an `Intl.DateTimeFormat` costs far more than using
 * one (it was 8–9 % of the server's CPU rendering the dashboard), and there are only a few kinds.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone} ${withSeconds}`
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en', {
      dateStyle: 'medium',
      timeStyle: withSeconds ? 'medium' : 'short',
      timeZone,
    })
    formatters.set(key, formatter)
  }
  return formatter
}

export function Time({ value, withSeconds = false }: { value: Date | number; withSeconds?: boolean }) {
  const timeZone = useTimeZone()
  const date = new Date(value)
  const text = formatterFor(timeZone, withSeconds).format(date)
  return <time dateTime={date.toISOString()}>{text}</time>
}

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

export function Time({ value, withSeconds = false }: { value: Date | number; withSeconds?: boolean }) {
  const timeZone = useTimeZone()
  const date = new Date(value)
  const text = new Intl.DateTimeFormat('en', {
    dateStyle: 'medium',
    timeStyle: withSeconds ? 'medium' : 'short',
    timeZone,
  }).format(date)
  return <time dateTime={date.toISOString()}>{text}</time>
}

import { cn } from './cn.ts'

const PALETTE = ['bg-indigo-600', 'bg-emerald-600', 'bg-amber-600', 'bg-rose-600', 'bg-sky-600', 'bg-violet-600']

function initials(name: string): string {
  const parts = name
    .trim()
    .split(/[\s@._-]+/)
    .filter(Boolean)
  const letters = parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts[1]?.[0] ?? ''}` : (parts[0]?.slice(0, 2) ?? '?')
  return letters.toUpperCase()
}

function colorFor(seed: string): string {
  let hash = 0
  for (const char of seed) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0
  return PALETTE[hash % PALETTE.length] ?? 'bg-indigo-600'
}

/** Initials on a colour derived from a stable seed (the user id), so each account is recognisable. */
export function Avatar({
  name,
  seed,
  size = 'md',
  muted = false,
  square = false,
}: {
  name: string
  seed: string
  size?: 'sm' | 'md' | 'lg'
  muted?: boolean
  /** Squared corners: organizations, where people are round. */
  square?: boolean
}) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        'inline-flex shrink-0 items-center justify-center font-semibold text-white',
        square ? 'rounded-lg' : 'rounded-full',
        muted ? 'bg-zinc-300' : colorFor(seed),
        size === 'sm' && 'size-7 text-xs',
        size === 'md' && 'size-9 text-sm',
        size === 'lg' && 'size-12 text-base',
      )}
    >
      {initials(name)}
    </span>
  )
}

import { cn } from './cn.ts'
import { initials } from './initials.ts'

/** Dark enough for white initials at 4.5:1 or more (WCAG AA for small text). */
const PALETTE = ['bg-indigo-700', 'bg-emerald-700', 'bg-amber-700', 'bg-rose-700', 'bg-sky-700', 'bg-violet-700']

function colorFor(seed: string): string {
  let hash = 0
  for (const char of seed) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0
  return PALETTE[hash % PALETTE.length] ?? 'bg-indigo-700'
}

const SIZE = { sm: 'size-7 text-xs', md: 'size-9 text-sm', lg: 'size-12 text-base', xl: 'size-20 text-2xl' } as const

/**
 * The person's profile image when they have one; otherwise initials on a colour derived from a
 * stable seed (the user id), so each account is recognisable. Decorative: the name is always
 * written next to it.
 */
export function Avatar({
  name,
  seed,
  imageUrl,
  size = 'md',
  muted = false,
  square = false,
}: {
  name: string
  seed: string
  imageUrl?: string | null
  size?: keyof typeof SIZE
  muted?: boolean
  /** Squared corners: organizations, where people are round. */
  square?: boolean
}) {
  const shape = square ? 'rounded-lg' : 'rounded-full'
  if (imageUrl)
    return <img src={imageUrl} alt="" className={cn('shrink-0 bg-zinc-100 object-cover', shape, SIZE[size])} />
  return (
    <span
      aria-hidden="true"
      className={cn(
        'inline-flex shrink-0 items-center justify-center overflow-hidden font-semibold',
        shape,
        muted ? 'bg-zinc-200 text-zinc-700' : `text-white ${colorFor(seed)}`,
        SIZE[size],
      )}
    >
      {initials(name)}
    </span>
  )
}

import { Link } from '@tanstack/react-router'

export function Logo() {
  return (
    <Link
      to="/"
      className="flex shrink-0 items-center gap-2.5 rounded-md focus-visible:outline-2 focus-visible:outline-indigo-600"
    >
      <svg viewBox="0 0 32 32" className="size-8" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="#4f46e5" />
        <path fill="#fff" d="M8 8h7v7H8zM17 8h7v7h-7zM8 17h7v7H8z" />
        <path fill="#c7d2fe" d="M17 17h7v7h-7z" />
      </svg>
      <span className="sr-only text-lg font-bold tracking-tight text-zinc-900 sm:not-sr-only">Tessera</span>
    </Link>
  )
}

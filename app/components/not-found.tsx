import { Link } from '@tanstack/react-router'
import { buttonClasses } from './ui/button.tsx'

export function NotFound() {
  return (
    <main className="mx-auto flex max-w-lg flex-col items-center px-6 py-24 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight">Page not found</h1>
      <p className="mt-3 text-zinc-600">There is nothing at this address.</p>
      <Link to="/" className={buttonClasses({ variant: 'secondary' }, 'mt-8')}>
        Go home
      </Link>
    </main>
  )
}

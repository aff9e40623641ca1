import { type ErrorComponentProps, Link, useRouter } from '@tanstack/react-router'
import { isTesseraError } from '../session/errors.ts'
import { Button, buttonClasses } from './ui/button.tsx'

export function DefaultCatchBoundary({ error }: ErrorComponentProps) {
  const router = useRouter()
  const message = isTesseraError(error) ? error.userMessage : 'Something went wrong on our side. Please try again.'
  return (
    <main className="mx-auto flex max-w-lg flex-col items-center px-6 py-24 text-center">
      <p className="text-sm font-semibold text-indigo-600">Error</p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight">This page could not be shown</h1>
      <p className="mt-3 text-zinc-600">{message}</p>
      <div className="mt-8 flex gap-3">
        <Button onClick={() => router.invalidate()}>Try again</Button>
        <Link to="/" className={buttonClasses({ variant: 'secondary' })}>
          Go home
        </Link>
      </div>
    </main>
  )
}

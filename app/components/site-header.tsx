import { Link } from '@tanstack/react-router'
import { useState } from 'react'
import { useSignOut, useUser } from '../auth/hooks.ts'
import { Logo } from './logo.tsx'
import { Avatar } from './ui/avatar.tsx'
import { Button, buttonClasses } from './ui/button.tsx'

export function SiteHeader() {
  const { user } = useUser()
  return (
    <header className="border-b border-zinc-200 bg-white/80 backdrop-blur">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-6">
        <div className="flex items-center gap-8">
          <Logo />
          {user && (
            <nav aria-label="Main" className="hidden gap-1 sm:flex">
              <Link
                to="/dashboard"
                className="rounded-md px-3 py-2 text-sm font-medium text-zinc-600 hover:text-zinc-900"
                activeProps={{ className: 'text-zinc-900 bg-zinc-100' }}
              >
                Dashboard
              </Link>
            </nav>
          )}
        </div>
        {user ? (
          <UserControls
            name={user.fullName ?? user.primaryEmailAddress?.emailAddress ?? user.id}
            seed={user.id}
            email={user.primaryEmailAddress?.emailAddress ?? null}
          />
        ) : (
          <GuestControls />
        )}
      </div>
    </header>
  )
}

function GuestControls() {
  return (
    <div className="flex items-center gap-2">
      <Link to="/sign-in" className={buttonClasses({ variant: 'ghost' })}>
        Sign in
      </Link>
      <Link to="/sign-up" className={buttonClasses()}>
        Create account
      </Link>
    </div>
  )
}

function UserControls({ name, seed, email }: { name: string; seed: string; email: string | null }) {
  const signOut = useSignOut()
  const [pending, setPending] = useState(false)
  return (
    <div className="flex items-center gap-3">
      <div className="flex items-center gap-2.5">
        <Avatar name={name} seed={seed} size="sm" />
        <div className="hidden text-right leading-tight sm:block">
          <p className="text-sm font-semibold text-zinc-900">{name}</p>
          {email && email !== name && <p className="text-xs text-zinc-500">{email}</p>}
        </div>
      </div>
      <Button
        variant="secondary"
        size="sm"
        pending={pending}
        onClick={async () => {
          setPending(true)
          try {
            await signOut({ redirectUrl: '/' })
          } finally {
            setPending(false)
          }
        }}
      >
        Sign out
      </Button>
    </div>
  )
}

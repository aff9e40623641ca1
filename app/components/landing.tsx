/** The landing page: what Tessera is, and the demo accounts to try it with. */

import { Link } from '@tanstack/react-router'
import { useUser } from '../auth/index.ts'
import type { DemoAccount } from '../functions/demo.functions.ts'
import { buttonClasses } from './ui/button.tsx'
import { Card } from './ui/card.tsx'

const FEATURES = [
  {
    title: 'Eight session statuses',
    body: 'Active, pending, ended, expired, removed, replaced, revoked and abandoned — each reached by one cause, each recorded in a ledger you can query.',
  },
  {
    title: 'Many accounts, one browser',
    body: 'A client holds several signed-in sessions with one active. Every tab acts as its own account, so two tabs never act as each other.',
  },
  {
    title: 'Secrets stay secret',
    body: 'A 256-bit client token in an HttpOnly cookie, stored only as its SHA-256. Argon2id passwords. Strict CSRF checks on every server function.',
  },
  {
    title: 'Every factor, done once',
    body: 'Passwords, emailed and texted codes, passkeys, authenticator apps and backup codes. Each code works once, every factor counts toward one lockout, and a second factor is asked after every first.',
  },
  {
    title: 'Step-up that carries on',
    body: 'Sensitive actions ask you to confirm it is you — with your strongest factor — then finish by themselves. The server judges how recent your verification is; the browser cannot argue.',
  },
  {
    title: 'Your Postgres',
    body: 'Drizzle on real Postgres in production, embedded PGlite on a fresh laptop. No hosted service, no data leaving your database.',
  },
] as const

export function Landing({ demoAccounts }: { demoAccounts: DemoAccount[] }) {
  const { isSignedIn } = useUser()
  return (
    <main>
      <section className="mx-auto max-w-6xl px-6 pt-20 pb-16">
        <p className="text-sm font-semibold tracking-wide text-indigo-600 uppercase">
          Self-hosted sessions for TanStack Start
        </p>
        <h1 className="mt-4 max-w-3xl text-5xl font-bold tracking-tight text-balance text-zinc-900">
          Clerk-style sessions, on your own Postgres.
        </h1>
        <p className="mt-6 max-w-2xl text-lg text-pretty text-zinc-600">
          Tessera re-implements the session model of a hosted auth service — clients, multi-session, short-lived tokens,
          step-up verification, session tasks — as plain TypeScript you own, read and run.
        </p>
        <div className="mt-10 flex flex-wrap gap-3">
          {isSignedIn ? (
            <Link to="/dashboard" className={buttonClasses({ size: 'lg' })}>
              Go to your dashboard
            </Link>
          ) : (
            <>
              <Link to="/sign-up" className={buttonClasses({ size: 'lg' })}>
                Create an account
              </Link>
              <Link to="/sign-in" className={buttonClasses({ variant: 'secondary', size: 'lg' })}>
                Sign in
              </Link>
            </>
          )}
        </div>
      </section>

      <section aria-labelledby="features" className="mx-auto max-w-6xl px-6 pb-16">
        <h2 id="features" className="sr-only">
          Features
        </h2>
        <div className="grid gap-6 sm:grid-cols-2">
          {FEATURES.map((feature) => (
            <Card key={feature.title} className="p-6">
              <h3 className="font-semibold text-zinc-900">{feature.title}</h3>
              <p className="mt-2 text-sm leading-6 text-zinc-600">{feature.body}</p>
            </Card>
          ))}
        </div>
      </section>

      {demoAccounts.length > 0 && <DemoAccounts accounts={demoAccounts} />}
    </main>
  )
}

function DemoAccounts({ accounts }: { accounts: DemoAccount[] }) {
  return (
    <section aria-labelledby="demo-accounts" className="mx-auto max-w-6xl px-6 pb-24">
      <Card className="p-6">
        <h2 id="demo-accounts" className="font-semibold text-zinc-900">
          Try it with a demo account
        </h2>
        <p className="mt-1 text-sm text-zinc-600">
          These accounts exist because this is a development database (
          <code className="font-mono">npm run db:seed</code>). Sign in with any of them — or with several at once.
        </p>
        <table className="mt-5 w-full text-left text-sm">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-2 font-medium">Name</th>
              <th className="py-2 font-medium">Email</th>
              <th className="py-2 font-medium">Password</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {accounts.map((account) => (
              <tr key={account.email}>
                <td className="py-2 font-medium text-zinc-900">{account.name}</td>
                <td className="py-2 font-mono text-xs">{account.email}</td>
                <td className="py-2 font-mono text-xs">{account.password}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </section>
  )
}

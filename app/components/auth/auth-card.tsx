import type { ReactNode } from 'react'
import { Card } from '../ui/card.tsx'

export function AuthCard({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string
  subtitle: ReactNode
  children: ReactNode
  footer: ReactNode
}) {
  return (
    <main className="flex min-h-[calc(100vh-4rem)] items-start justify-center px-6 py-16">
      <div className="w-full max-w-md">
        <Card className="p-8">
          <h1 className="text-2xl font-bold tracking-tight text-zinc-900">{title}</h1>
          <p className="mt-2 text-sm text-zinc-600">{subtitle}</p>
          <div className="mt-8">{children}</div>
        </Card>
        <p className="mt-6 text-center text-sm text-zinc-600">{footer}</p>
      </div>
    </main>
  )
}

import type { ReactNode } from 'react'
import { Card } from '../ui/card.tsx'

/** One session task's page: what is asked and why, then the form that does it. */
export function TaskCard({
  title,
  description,
  children,
}: {
  title: string
  description: ReactNode
  children: ReactNode
}) {
  return (
    <Card className="p-8">
      <h1 className="text-2xl font-bold tracking-tight text-zinc-900">{title}</h1>
      <div className="mt-2 text-sm text-zinc-600">{description}</div>
      <div className="mt-8">{children}</div>
    </Card>
  )
}

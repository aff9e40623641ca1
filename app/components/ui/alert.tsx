import type { ReactNode } from 'react'
import { cn } from './cn.ts'

const TONES = {
  error: 'bg-red-50 text-red-800 ring-red-200',
  info: 'bg-indigo-50 text-indigo-900 ring-indigo-200',
  success: 'bg-emerald-50 text-emerald-900 ring-emerald-200',
} as const

export function Alert({
  tone = 'error',
  title,
  children,
}: {
  tone?: keyof typeof TONES
  title?: string
  children: ReactNode
}) {
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={cn('rounded-lg px-4 py-3 text-sm ring-1 ring-inset', TONES[tone])}
    >
      {title && <p className="font-semibold">{title}</p>}
      <div className={title ? 'mt-1' : undefined}>{children}</div>
    </div>
  )
}

import type { HTMLAttributes } from 'react'
import { cn } from './cn.ts'

export function Card({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('rounded-2xl bg-white shadow-sm ring-1 ring-zinc-200', className)} {...props} />
}

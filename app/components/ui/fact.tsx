import type { ReactNode } from 'react'

/** One labelled fact in a `<dl>` (a user's id, when a session started). */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-zinc-500">{label}</dt>
      <dd className="mt-1 font-medium text-zinc-900">{children}</dd>
    </div>
  )
}

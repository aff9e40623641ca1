import type { ReactNode } from 'react'
import { Card } from '../ui/card.tsx'

/** A titled card on the security page; rows go inside as list items. */
export function SettingsSection({
  id,
  title,
  description,
  action,
  alert,
  children,
}: {
  id: string
  title: string
  description: ReactNode
  action?: ReactNode
  /** An outcome to show above the rows (an <Alert>), or nothing. */
  alert?: ReactNode
  children: ReactNode
}) {
  return (
    <section aria-labelledby={id} className="mt-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id={id} className="text-lg font-semibold text-zinc-900">
            {title}
          </h2>
          <p className="mt-1 max-w-2xl text-sm text-zinc-600">{description}</p>
        </div>
        {action}
      </div>
      <Card className="mt-4">
        {alert && <div className="px-5 pt-4">{alert}</div>}
        {children}
      </Card>
    </section>
  )
}

/** One row: what it is on the left, what can be done on the right. */
export function SettingsRow({
  label,
  title,
  detail,
  badges,
  actions,
}: {
  label: string
  title: ReactNode
  detail?: ReactNode
  badges?: ReactNode
  actions?: ReactNode
}) {
  return (
    <li aria-label={label} className="flex flex-wrap items-center gap-4 px-5 py-4">
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2 font-medium text-zinc-900">
          {title}
          {badges}
        </div>
        {detail && <p className="mt-1 text-sm text-zinc-500">{detail}</p>}
      </div>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </li>
  )
}

import type { ReactNode } from 'react'
import { cn } from './cn.ts'

/** A full-width data table: named for assistive technology, header cells as column headers. */
export function Table({
  label,
  columns,
  children,
}: {
  label: string
  /** Column headings; an empty one (an actions column) is read out as `Actions`. */
  columns: readonly string[]
  children: ReactNode
}) {
  return (
    // Relative: an absolutely positioned child (the sr-only "Actions") scrolls with the table
    // instead of widening the page.
    <div className="relative overflow-x-auto">
      <table aria-label={label} className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
          <tr>
            {columns.map((column, index) => (
              <th key={column || index} scope="col" className="px-4 py-3 whitespace-nowrap">
                {column || <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">{children}</tbody>
      </table>
    </div>
  )
}

/** A body cell. */
export function Td({ className, children }: { className?: string; children?: ReactNode }) {
  return <td className={cn('px-4 py-3 align-top text-zinc-700', className)}>{children}</td>
}

/** The row a table shows when it has none. */
export function EmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="px-4 py-8 text-center text-zinc-500">
        {children}
      </td>
    </tr>
  )
}

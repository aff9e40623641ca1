/**
 * `next/link` as a reference example sees it when the app renders it: a plain link (a full page
 * load; the examples link to pages of the reader's app, which ours may not have).
 */
import type { AnchorHTMLAttributes, ReactNode } from 'react'

export default function Link({
  href,
  children,
  ...props
}: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string; children?: ReactNode }) {
  return (
    <a href={href} {...props}>
      {children}
    </a>
  )
}

// The reader's framework, not the API under test: the reference's custom-flow examples are written
// for Next.js (the docs show them to TanStack React Start readers too). These declarations give
// `next/navigation` and `next/link` the shapes the examples use, for both compilations, so a
// failure is about the authentication API alone. Types only; nothing here runs.
declare module 'next/navigation' {
  export function useRouter(): {
    push(href: string): void
    replace(href: string): void
    refresh(): void
    back(): void
    forward(): void
    prefetch(href: string): void
  }
  export function useSearchParams(): URLSearchParams
  export function usePathname(): string
  export function redirect(url: string): never
}

declare module 'next/link' {
  import type { AnchorHTMLAttributes, ReactNode } from 'react'
  export default function Link(
    props: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string; children?: ReactNode },
  ): ReactNode
}

declare module 'qrcode.react' {
  import type { ReactNode } from 'react'
  export function QRCodeSVG(props: { value: string; size?: number }): ReactNode
}

/**
 * `next/navigation` as a reference example sees it when the app renders it: the custom-flow
 * examples are written for Next.js, and these are the calls they make, on TanStack Router (the
 * types they are checked with are test/reference-examples/shims/next.d.ts).
 */
import { redirect as routerRedirect, useLocation, useRouter as useTanStackRouter } from '@tanstack/react-router'

export function useRouter() {
  const router = useTanStackRouter()
  return {
    // The router follows its history: a path of ours renders, any other is the app's 404.
    push: (href: string) => router.history.push(href),
    replace: (href: string) => router.history.replace(href),
    refresh: () => void router.invalidate(),
    back: () => router.history.back(),
    forward: () => router.history.forward(),
    // Only an optimisation in Next.js; nothing is prefetched here.
    prefetch: (_href: string) => {},
  }
}

export function useSearchParams(): URLSearchParams {
  return new URLSearchParams(useLocation().searchStr)
}

export function usePathname(): string {
  return useLocation().pathname
}

export function redirect(url: string): never {
  throw routerRedirect({ href: url })
}

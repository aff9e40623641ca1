import { createRouter } from '@tanstack/react-router'
import { getGlobalStartContext } from '@tanstack/react-start'
import { DefaultCatchBoundary } from './components/default-catch-boundary.tsx'
import { NotFound } from './components/not-found.tsx'
import { routeTree } from './routeTree.gen.ts'

export function getRouter() {
  // A page's nonce, drawn when the render first reads it (app/middleware/security-headers.ts): a
  // request that matches a server route builds a router too, but renders nothing and draws none.
  const cspNonce = (getGlobalStartContext() as { cspNonce?: () => string } | undefined)?.cspNonce
  return createRouter({
    routeTree,
    scrollRestoration: true,
    defaultPreload: 'intent',
    defaultErrorComponent: DefaultCatchBoundary,
    defaultNotFoundComponent: NotFound,
    ssr: {
      get nonce() {
        return cspNonce?.()
      },
    },
  })
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof getRouter>
  }
}

import { createRouter } from '@tanstack/react-router'
import { getGlobalStartContext } from '@tanstack/react-start'
import { DefaultCatchBoundary } from './components/default-catch-boundary.tsx'
import { NotFound } from './components/not-found.tsx'
import { routeTree } from './routeTree.gen.ts'

export function getRouter() {
  const nonce = (getGlobalStartContext() as { cspNonce?: string } | undefined)?.cspNonce
  return createRouter({
    routeTree,
    scrollRestoration: true,
    defaultPreload: 'intent',
    defaultErrorComponent: DefaultCatchBoundary,
    defaultNotFoundComponent: NotFound,
    ssr: { nonce },
  })
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof getRouter>
  }
}

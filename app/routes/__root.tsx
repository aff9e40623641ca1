/// <reference types="vite/client" />
import { createRootRoute, HeadContent, Outlet, Scripts, useRouter } from '@tanstack/react-router'
import type { ReactNode } from 'react'
import { AuthProvider } from '../auth/index.ts'
import { ActorBanner } from '../components/actors/actor-banner.tsx'
import { ReverificationProvider } from '../components/reverification/reverification-dialog.tsx'
import { SiteHeader } from '../components/site-header.tsx'
import { loadPageContext } from '../functions/page-context.ts'
import { setTabSessionId } from '../middleware/tab-session.ts'
import stylesHref from '../styles.css?url'

export const Route = createRootRoute({
  // Page loads read it on the server with no server-function call; navigations ask the server.
  beforeLoad: async () => {
    const { auth, environment } = await loadPageContext()
    setTabSessionId(auth.sessionId)
    return { auth, environment }
  },
  head: ({ match }) => ({
    meta: [
      { charSet: 'utf-8' },
      { name: 'viewport', content: 'width=device-width, initial-scale=1' },
      { title: match.context.environment.appName },
      { name: 'description', content: 'Self-hosted, Clerk-style sessions for TanStack Start on Postgres.' },
    ],
    links: [
      { rel: 'stylesheet', href: stylesHref },
      { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
    ],
  }),
  component: RootComponent,
})

function RootComponent() {
  const { auth, environment } = Route.useRouteContext()
  return (
    <RootDocument>
      <AuthProvider snapshot={auth} environment={environment}>
        <ReverificationProvider>
          <ActorBanner />
          <SiteHeader />
          <Outlet />
        </ReverificationProvider>
      </AuthProvider>
    </RootDocument>
  )
}

function RootDocument({ children }: { children: ReactNode }) {
  const nonce = useRouter().options.ssr?.nonce
  return (
    <html lang="en" className="h-full bg-zinc-50">
      <head>
        <HeadContent />
        {nonce && <meta property="csp-nonce" content={nonce} />}
      </head>
      <body className="min-h-full font-sans text-zinc-900 antialiased">
        {children}
        <Scripts />
      </body>
    </html>
  )
}

import { createFileRoute } from '@tanstack/react-router'
import { useEnvironment } from '../auth/index.ts'
import { PageHeader } from '../components/page-header.tsx'
import { titled } from '../components/page-title.ts'

/** The terms the `accept-terms` task asks for (an example: an app links its own in app.config.ts). */
export const Route = createFileRoute('/terms')({
  head: titled('Terms of service'),
  component: TermsPage,
})

function TermsPage() {
  const { appName, terms } = useEnvironment()
  return (
    <main className="mx-auto max-w-3xl px-6 py-12">
      <PageHeader
        title="Terms of service"
        description={terms ? `Version ${terms.version}.` : 'This instance asks for no terms.'}
      />
      <div className="mt-8 space-y-4 text-sm leading-6 text-zinc-700">
        <p>
          This page is an example. {appName} is a reference implementation; an app built on it links its own terms in{' '}
          <code className="font-mono text-xs">app.config.ts</code> (<code className="font-mono text-xs">terms.url</code>
          ) and changes <code className="font-mono text-xs">terms.version</code> when they change, so every user accepts
          them again at their next sign-in.
        </p>
      </div>
    </main>
  )
}

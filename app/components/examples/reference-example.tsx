import { referenceExamples } from 'virtual:reference-examples'
import { notFound } from '@tanstack/react-router'
import { type ComponentType, type LazyExoticComponent, lazy, Suspense } from 'react'
import { PageHeader } from '../page-header.tsx'
import { Card } from '../ui/card.tsx'
import { Spinner } from '../ui/spinner.tsx'
import { componentOf, runExampleRoute } from './reference-route.ts'

/**
 * `/examples/reference/<name>`: one of the reference's documentation examples, rendered on the
 * visitor's own session with only its imports changed (issue 21; e2e/reference-examples.spec.ts
 * visits each signed out, signed in and pending). The examples are those RESULTS.md in
 * test/reference-examples/ lists as compiling against ours; `virtual:reference-examples` lists them.
 *
 * An example is a component file (its default export, or its single exported component) or a route
 * file of the reader's app: then its `createFileRoute(...)` only captured the options (see
 * test/support/reference-runtime/router.ts), and the page stands in for the route: its loader runs
 * the example's `beforeLoad` and `loader`, and it renders the example's `component`.
 */

function entryOf(name: string) {
  const entry = Object.hasOwn(referenceExamples, name) ? referenceExamples[name] : undefined
  if (!entry) throw notFound()
  return entry
}

/** The page's loader: the example's `beforeLoad` and `loader`, with the app's router context. */
export async function loadReferenceExample(name: string, context: Record<string, unknown>) {
  const entry = entryOf(name)
  return { source: entry.source, data: await runExampleRoute(await entry.load(), context) }
}

const components = new Map<string, LazyExoticComponent<ComponentType>>()

function exampleComponent(name: string) {
  let component = components.get(name)
  if (!component) {
    const entry = entryOf(name)
    component = lazy(async () => ({ default: componentOf(name, await entry.load()) }))
    components.set(name, component)
  }
  return component
}

export function ReferenceExample({ name, source }: { name: string; source: string }) {
  const Example = exampleComponent(name)
  return (
    <main className="mx-auto max-w-3xl px-4 py-12 sm:px-6">
      <PageHeader
        title="The reference's example"
        description={
          <>
            <a href={source} className="font-mono text-sm text-indigo-700 underline">
              {name}
            </a>
            , from the reference's documentation, verbatim but for its imports, on your own session.
          </>
        }
      />
      <Card className="mt-8 p-6">
        <section aria-label="Example">
          <Suspense fallback={<Spinner />}>
            <Example />
          </Suspense>
        </section>
      </Card>
    </main>
  )
}

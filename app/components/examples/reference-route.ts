import type { ComponentType } from 'react'

/**
 * How the page at `/examples/reference/<name>` stands in for an example's route (see
 * reference-example.tsx): what it renders, and what its loader runs. An example's module is read
 * structurally: this code never imports the examples or their adapters.
 */

/** The options an example's `createFileRoute(...)` captured (test/support/reference-runtime/router.ts). */
export interface ExampleRouteOptions {
  component?: ComponentType
  beforeLoad?: (match: { context: Record<string, unknown> }) => unknown
  loader?: (match: { context: Record<string, unknown> }) => unknown
}

const routeOptionsOf = (module: Record<string, unknown>) =>
  (module.Route as { options?: ExampleRouteOptions } | undefined)?.options

/** What an example renders: its route's component, else its default export, else its one exported component. */
export function componentOf(name: string, module: Record<string, unknown>): ComponentType {
  const routeComponent = routeOptionsOf(module)?.component
  if (routeComponent) return routeComponent
  if (typeof module.default === 'function') return module.default as ComponentType
  const exported = Object.entries(module).filter(([key, value]) => /^[A-Z]/.test(key) && typeof value === 'function')
  const [only] = exported
  if (exported.length === 1 && only) return only[1] as ComponentType
  throw new Error(`reference example ${name}: no route component, default export or single exported component`)
}

/**
 * The example route's `beforeLoad`, then its `loader` with the router context and what `beforeLoad`
 * added (as the router runs them); the loader's data, or null. What either throws (a redirect, a
 * not-found) is thrown from the page's loader.
 */
export async function runExampleRoute(module: Record<string, unknown>, context: Record<string, unknown>) {
  const options = routeOptionsOf(module)
  const added = (await options?.beforeLoad?.({ context })) as Record<string, unknown> | undefined
  const data = await options?.loader?.({ context: { ...context, ...added } })
  return data ?? null
}

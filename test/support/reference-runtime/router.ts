/**
 * `@tanstack/react-router` as a reference example sees it when the app renders it
 * (test/support/reference-examples-plugin.ts): the router's own exports, but for `createFileRoute`.
 *
 * An example is a route file of the reader's app (`createFileRoute('/')({ component })`). Rendered
 * at `/examples/reference/<name>` it must not be a route of ours, so `createFileRoute` here only
 * captures the options: the page (app/components/examples/reference-example.tsx) renders their
 * `component`, and runs their `beforeLoad` and `loader` in its own loader; `Route.useLoaderData()`
 * reads what that loader returned. The example's other route hooks are not provided (a call fails
 * loudly, and so does the spec).
 */

import { useLoaderData } from '@tanstack/react-router'
import type { ComponentType } from 'react'

export * from '@tanstack/react-router'

export interface ExampleRouteOptions {
  component?: ComponentType
  beforeLoad?: (match: { context: Record<string, unknown> }) => unknown
  loader?: (match: { context: Record<string, unknown> }) => unknown
}

/** An example's `Route`: the path it names and its options, and the one hook the page backs. */
export interface CapturedRoute {
  path: string
  options: ExampleRouteOptions
  useLoaderData: () => unknown
}

export function createFileRoute(path: string) {
  return (options: ExampleRouteOptions): CapturedRoute => ({
    path,
    options,
    // The page's match is the nearest one: its loader data carries the example loader's under `data`.
    useLoaderData: () => (useLoaderData({ strict: false }) as { data?: unknown }).data,
  })
}

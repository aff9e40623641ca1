import type { EnvironmentJSON } from '../session/wire.ts'

/** A route's `head`: "<page> · <app name>", the app's name read from the root route's environment. */
export function titled(page: string) {
  return ({ match }: { match: { context: { environment: EnvironmentJSON } } }) => ({
    meta: [{ title: `${page} · ${match.context.environment.appName}` }],
  })
}

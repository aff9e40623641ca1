/**
 * Vite's `?raw` imports (a file's text as its default export) for code run outside Vite: the
 * multi-process test's workers run app modules under tsx, and the password blocklist is imported
 * this way. Registered with `node --import` (see app/server/processes.int.test.ts).
 */
import { register } from 'node:module'

const hooks = `
  export async function resolve(specifier, context, next) {
    if (!specifier.endsWith('?raw')) return next(specifier, context)
    const { url } = await next(specifier.slice(0, -'?raw'.length), context)
    return { url: url + '?raw', shortCircuit: true }
  }
  export async function load(url, context, next) {
    if (!url.endsWith('?raw')) return next(url, context)
    const { readFile } = await import('node:fs/promises')
    const text = await readFile(new URL(url.slice(0, -'?raw'.length)), 'utf8')
    return { format: 'module', source: 'export default ' + JSON.stringify(text), shortCircuit: true }
  }
`
register(`data:text/javascript,${encodeURIComponent(hooks)}`)

/**
 * Zod, configured before any schema exists: every `import … from 'zod'` in the app resolves here
 * (vite.config.ts aliases it). Zod 4 probes for eval (`Function('')`) when it builds an object
 * schema, to compile parsers; our CSP has no 'unsafe-eval', so the probe is refused, and Firefox
 * reports each refusal as a CSP violation: a console error on every page. Interpreted parsing is
 * plenty here.
 *
 * A side-effect import at the top of the router was not enough: the bundler puts modules that
 * build schemas at load time in chunks that the entry imports, and a chunk runs before the body of
 * the module that imports it. Configured here, the setting comes with zod itself.
 */
import * as z from 'zod/v4'

z.config({ jitless: true })

export * from 'zod/v4'
export { z, z as default }

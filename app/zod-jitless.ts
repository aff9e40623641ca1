/**
 * Zod 4 probes for eval (`Function('')`) when it builds its first object schema, to compile
 * parsers. Our CSP has no 'unsafe-eval', so the probe is refused, and Firefox reports each refusal
 * as a CSP violation: a console error on every page. Interpreted parsing is plenty here.
 *
 * A side-effect module, imported first by the router, so it runs before any schema is built.
 */
import { z } from 'zod'

z.config({ jitless: true })

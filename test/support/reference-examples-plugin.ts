/**
 * Renders the reference's documentation examples in the app (issue 21: "an e2e spec renders the
 * component examples on a signed-in, a signed-out and a pending session"). A Vite plugin that:
 *
 * - serves `virtual:reference-examples`: every example `renderedExamples()` names (the components
 *   RESULTS.md lists as compiling against ours), by name without its extension, with its public
 *   source and a lazy import of its file. The app's page (app/components/examples/reference-example.tsx)
 *   imports only this module, never a file under test/;
 * - rewrites each example's import specifiers as it is loaded, as the type-check harness does
 *   (`mapSpecifier`, test/support/reference-examples.ts): the reference's entries become ours, the
 *   files stay verbatim. The reader's framework becomes the adapters in `reference-runtime/`
 *   (FRAMEWORK below): Next.js's `next/navigation` and `next/link` run on TanStack Router, and
 *   `@tanstack/react-router` is the router's own but for `createFileRoute`, which only captures the
 *   example's route options (an example is a route file of the reader's app, not a route of ours).
 */
import path from 'node:path'
import type { Plugin } from 'vite'
import {
  EXAMPLES_DIR,
  mapSpecifier,
  ROOT,
  renderedExamples,
  rewriteImports,
  SIBLINGS,
  sourceOf,
} from './reference-examples.ts'

export const REFERENCE_EXAMPLES_MODULE = 'virtual:reference-examples'
const RESOLVED = `\0${REFERENCE_EXAMPLES_MODULE}`
const RUNTIME_DIR = path.join(import.meta.dirname, 'reference-runtime')

/** The reader's framework, at run time (its types, for the harness: test/reference-examples/shims/). */
const FRAMEWORK: Record<string, string> = {
  '@tanstack/react-router': 'router.ts',
  'next/navigation': 'next-navigation.ts',
  'next/link': 'next-link.tsx',
  'qrcode.react': 'qrcode-react.tsx',
}

/** The name an example is rendered under: its file name without the extension. */
export const renderedName = (example: string) => example.replace(/\.tsx?$/, '')

/** What an example's import becomes when the app renders it (the example's file is in EXAMPLES_DIR). */
export function renderSpecifier(example: string, specifier: string): string {
  const relative = (file: string) => {
    const specifier = path.relative(EXAMPLES_DIR, file).split(path.sep).join('/')
    return specifier.startsWith('../') ? specifier : `./${specifier}`
  }
  const sibling = SIBLINGS[example]?.[specifier]
  if (sibling) return relative(path.join(EXAMPLES_DIR, sibling))
  const framework = FRAMEWORK[specifier]
  if (framework) return relative(path.join(RUNTIME_DIR, framework))
  return mapSpecifier('ours', example, specifier, EXAMPLES_DIR)
}

/** The virtual module's code: `referenceExamples`, by rendered name. */
export function manifestCode(examples: string[]): string {
  const entries = examples.map((example) => {
    const file = `/${path.relative(ROOT, path.join(EXAMPLES_DIR, example)).split(path.sep).join('/')}`
    return `  ${JSON.stringify(renderedName(example))}: { source: ${JSON.stringify(sourceOf(example))}, load: () => import(${JSON.stringify(file)}) },`
  })
  return ['export const referenceExamples = {', ...entries, '}', ''].join('\n')
}

export function referenceExamplesPlugin(): Plugin {
  return {
    name: 'tessera:reference-examples',
    // Before the React and Start compilers, which see the rewritten imports.
    enforce: 'pre',
    resolveId(id) {
      return id === REFERENCE_EXAMPLES_MODULE ? RESOLVED : null
    },
    load(id) {
      if (id !== RESOLVED) return null
      this.addWatchFile(path.join(EXAMPLES_DIR, 'RESULTS.md'))
      return manifestCode(renderedExamples())
    },
    transform(code, id) {
      const file = id.split('?')[0] ?? ''
      if (!file.startsWith(`${EXAMPLES_DIR}${path.sep}`) || !/\.tsx?$/.test(file) || file.endsWith('.d.ts')) return null
      const example = path.basename(file)
      return { code: rewriteImports(code, (specifier) => renderSpecifier(example, specifier)), map: null }
    },
  }
}

/**
 * Type-checks the reference's documentation examples collected in `test/reference-examples/`
 * (scripts/collect-reference-examples.ts) twice: against our API, with only their import
 * specifiers rewritten to our public entries, and against the reference's own packages (the
 * devDependencies `@clerk/react` and `@clerk/tanstack-react-start`), to tell our gaps from the
 * docs' slips. One TypeScript program per side, with the app's compiler options.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { API, type Diagnostic } from 'typescript/unstable/sync'

export const ROOT = path.resolve(import.meta.dirname, '../..')
export const EXAMPLES_DIR = path.join(ROOT, 'test/reference-examples')
const SHIMS_DIR = path.join(EXAMPLES_DIR, 'shims')
const WORK_DIR = path.join(ROOT, 'node_modules/.cache/reference-examples')

export type Side = 'ours' | 'reference'

/** Our public entries, by the reference's import specifier. The first match wins. */
export const OUR_ENTRIES: [RegExp, string][] = [
  [/^@clerk\/[\w-]+\/server$/, 'app/auth/server.ts'],
  [/^@clerk\/[\w-]+\/errors$/, 'app/auth/errors.ts'],
  [/^@clerk\/[\w-]+\/legacy$/, 'app/auth/legacy.ts'],
  [/^@clerk\/(types|shared\/types|[\w-]+\/types)$/, 'app/auth/index.ts'],
  [/^@clerk\/(tanstack-react-start|react|clerk-react|nextjs)$/, 'app/auth/index.ts'],
]

/**
 * The reference's own entries a TanStack React Start reader would import: its Next.js client
 * entries are the same React SDK (re-exported), `@clerk/clerk-react` is the old name of
 * `@clerk/react`, and `@clerk/types` moved to `@clerk/shared/types`.
 */
export const REFERENCE_ENTRIES: [RegExp, (match: RegExpExecArray) => string][] = [
  [/^@clerk\/nextjs(\/.*)?$/, (m) => `@clerk/tanstack-react-start${m[1] ?? ''}`],
  [/^@clerk\/clerk-react(\/.*)?$/, (m) => `@clerk/react${m[1] ?? ''}`],
  [/^@clerk\/types$/, () => '@clerk/shared/types'],
]

/**
 * Relative imports of files from the reader's own app, for both sides: another collected example
 * (the docs' page it names) or a stand-in in `shims/`.
 */
export const SIBLINGS: Record<string, Record<string, string>> = {
  'guides-development-custom-flows-account-updates-manage-mfa.3.tsx': {
    '../page': 'guides-development-custom-flows-account-updates-manage-mfa.2.tsx',
  },
  'reference-hooks-use-reverification.3.tsx': {
    './VerificationComponent': 'reference-hooks-use-reverification.4.tsx',
  },
  'guides-development-custom-flows-organizations-organization-switcher.1.tsx': {
    '../components/create-organization': 'shims/create-organization.tsx',
  },
  'guides-development-custom-flows-organizations-organization-switcher.2.tsx': {
    '../components/create-organization': 'shims/create-organization.tsx',
  },
}

export function exampleNames(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((name) => /\.\d+\.tsx?$/.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
}

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"]+)\2/g

/** `code` with every import specifier passed through `map`; nothing else changes. */
export function rewriteImports(code: string, map: (specifier: string) => string): string {
  return code.replace(SPECIFIER, (_all, lead: string, quote: string, specifier: string) => {
    return `${lead}${quote}${map(specifier)}${quote}`
  })
}

/** The specifier an example's import becomes on `side`, from a file in `dir`. */
export function mapSpecifier(side: Side, example: string, specifier: string, dir: string): string {
  const sibling = SIBLINGS[example]?.[specifier]
  if (sibling) return `./${sibling.replace(/^shims\//, '')}`
  if (side === 'ours') {
    const entry = OUR_ENTRIES.find(([pattern]) => pattern.test(specifier))
    return entry ? path.relative(dir, path.join(ROOT, entry[1])).split(path.sep).join('/') : specifier
  }
  for (const [pattern, to] of REFERENCE_ENTRIES) {
    const match = pattern.exec(specifier)
    if (match) return to(match)
  }
  return specifier
}

export interface Outcome {
  example: string
  compiles: boolean
  /** The first error, as `line:column TScode message`. */
  first: string | null
  /** Every error code and message (for grouping). */
  errors: { code: number; text: string }[]
}

function lineAndColumn(text: string, pos: number) {
  const before = text.slice(0, pos).split('\n')
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`
}

function flatten(diagnostic: Diagnostic): string {
  const chain = diagnostic.messageChain?.[0]
  return chain ? `${diagnostic.text} ${flatten(chain)}` : diagnostic.text
}

/**
 * The examples are route files of the reader's app (`createFileRoute('/dashboard')`); TanStack
 * Router types that path against the app's generated route tree. This declares each path an
 * example uses as a child of the root, as the router's generator would, for both sides.
 */
export function routeDeclarations(codes: string[]): string {
  const paths = new Set(
    codes.flatMap((code) => [...code.matchAll(/createFileRoute\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? '')),
  )
  const entries = [...paths].sort().map((route) => {
    const literal = JSON.stringify(route)
    return `    ${literal}: { id: ${literal}; path: ${literal}; fullPath: ${literal}; preLoaderRoute: AnyRoute; parentRoute: AnyRootRoute }`
  })
  return [
    '// Generated by test/support/reference-examples.ts: the route paths the examples declare.',
    "import type { AnyRootRoute, AnyRoute } from '@tanstack/react-router'",
    '',
    "declare module '@tanstack/react-router' {",
    '  interface FileRoutesByPath {',
    ...entries,
    '  }',
    '}',
    '',
  ].join('\n')
}

/** Writes one side's copies and tsconfig under node_modules/.cache; returns its tsconfig path. */
function prepare(side: Side, examples: string[]): string {
  const dir = path.join(WORK_DIR, side)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const app = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: Record<string, unknown>
  }
  for (const shim of readdirSync(SHIMS_DIR)) {
    writeFileSync(path.join(dir, shim), readFileSync(path.join(SHIMS_DIR, shim), 'utf8'))
  }
  const codes = examples.map((example) => readFileSync(path.join(EXAMPLES_DIR, example), 'utf8'))
  writeFileSync(path.join(dir, 'routes.d.ts'), routeDeclarations(codes))
  for (const [index, example] of examples.entries()) {
    const code = codes[index] ?? ''
    writeFileSync(
      path.join(dir, example),
      rewriteImports(code, (specifier) => mapSpecifier(side, example, specifier, dir)),
    )
  }
  const tsconfig = path.join(dir, 'tsconfig.json')
  writeFileSync(
    tsconfig,
    JSON.stringify(
      { compilerOptions: app.compilerOptions, files: ['routes.d.ts', ...readdirSync(SHIMS_DIR), ...examples] },
      null,
      2,
    ),
  )
  return tsconfig
}

/** Type-checks every collected example on both sides (one program each). */
export function checkExamples(examples = exampleNames()): Record<Side, Outcome[]> {
  const sides: Side[] = ['ours', 'reference']
  const configs = Object.fromEntries(sides.map((side) => [side, prepare(side, examples)])) as Record<Side, string>
  const api = new API({ cwd: ROOT })
  try {
    const snapshot = api.updateSnapshot({ openProjects: sides.map((side) => configs[side]) })
    const result = {} as Record<Side, Outcome[]>
    for (const side of sides) {
      const project = snapshot.getProject(configs[side])
      if (!project) throw new Error(`TypeScript did not open ${configs[side]}`)
      const dir = path.dirname(configs[side])
      result[side] = examples.map((example) => {
        const file = path.join(dir, example)
        const text = readFileSync(file, 'utf8')
        const diagnostics = [
          ...project.program.getSyntacticDiagnostics(file),
          ...project.program.getSemanticDiagnostics(file),
        ].filter((d) => d.category === 1 /* DiagnosticCategory.Error */)
        const first = diagnostics[0]
        return {
          example,
          compiles: diagnostics.length === 0,
          first: first ? `${lineAndColumn(text, first.pos)} TS${first.code} ${flatten(first)}` : null,
          errors: diagnostics.map((d) => ({ code: d.code, text: flatten(d) })),
        }
      })
    }
    return result
  } finally {
    api.close()
  }
}

export interface AllowlistEntry {
  example: string
  reason: string
}

export function readAllowlist(): AllowlistEntry[] {
  const file = path.join(EXAMPLES_DIR, 'allowlist.json')
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as AllowlistEntry[]) : []
}

export type Kind = 'component' | 'server' | 'fragment'

/**
 * What an example is: a component (a route or component that renders, what the e2e plan renders on
 * a signed-in, signed-out and pending session), server code only (a server route or function), or
 * a fragment with neither.
 */
export function kindOf(code: string): Kind {
  if (/export default|component:|export function [A-Z]|export const [A-Z]\w* = \(/.test(code)) return 'component'
  if (/server: \{|createServerFn/.test(code)) return 'server'
  return 'fragment'
}

/** The source URL in an example's header. */
export function sourceOf(example: string): string {
  const header = readFileSync(path.join(EXAMPLES_DIR, example), 'utf8')
  return /^\/\/ Source: (\S+)/m.exec(header)?.[1] ?? ''
}

/** An error as a to-do item: what is missing, without the example's own names where possible. */
export function reasonOf(error: { code: number; text: string }): string {
  const entry = (module: string) => module.replace(/^(\.\.\/)+/, '')
  const missingExport = /^Module '"([^"]+)"' has no exported member '([^']+)'/.exec(error.text)
  if (missingExport) return `${entry(missingExport[1] ?? '')} exports no \`${missingExport[2]}\``
  const missingModule = /^Cannot find module '([^']+)'/.exec(error.text)
  if (missingModule) return `no module ${entry(missingModule[1] ?? '')}`
  const missingProperty = /^Property '([^']+)' does not exist on type '([^']+)'/.exec(error.text)
  if (missingProperty) return `\`${missingProperty[2]}\` has no \`${missingProperty[1]}\``
  return `TS${error.code} ${error.text.split('\n')[0]?.slice(0, 160)}`
}

const IMPLICIT_ANY = new Set([7005, 7006, 7031, 7034])

/** Reasons by the number of examples (of `outcomes`) they stop, most first. */
export function groupReasons(outcomes: Outcome[], which: 'first' | 'all'): [string, number][] {
  const counts = new Map<string, number>()
  for (const outcome of outcomes) {
    // An implicit any is the echo of a missing type upstream; it counts only when alone.
    const causes = outcome.errors.filter((e) => !IMPLICIT_ANY.has(e.code))
    const errors = which === 'first' ? outcome.errors.slice(0, 1) : causes.length ? causes : outcome.errors
    for (const reason of new Set(errors.map(reasonOf))) counts.set(reason, (counts.get(reason) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
}

const cell = (text: string | null) =>
  (text ?? '')
    .replace(/(\.\.\/)+app\//g, 'app/')
    .replace(/\|/g, '\\|')
    .replace(/\s+/g, ' ')
    .slice(0, 220)

/** The results table, with the counts the "Done when" asks for. */
export function resultsMarkdown(results: Record<Side, Outcome[]>, allowlist: AllowlistEntry[]): string {
  const reference = new Map(results.reference.map((o) => [o.example, o]))
  const allowed = new Map(allowlist.map((a) => [a.example, a.reason]))
  // Counted: the examples the reference's own SDK compiles (the test checks the allowlist is the rest).
  const counted = results.ours.filter((o) => reference.get(o.example)?.compiles)
  const ours = counted.filter((o) => o.compiles).length
  const referenceCount = results.reference.filter((o) => o.compiles).length
  const kinds = new Map(
    results.ours.map((o) => [o.example, kindOf(readFileSync(path.join(EXAMPLES_DIR, o.example), 'utf8'))]),
  )
  const components = counted.filter((o) => kinds.get(o.example) === 'component')
  const percent = counted.length ? Math.floor((100 * ours) / counted.length) : 0
  const lines = [
    "# The reference's documentation examples against our API",
    '',
    'Written by `test/reference-examples.test.ts` (`npx vitest run --project unit test/reference-examples.test.ts`);',
    'collected by `npx tsx scripts/collect-reference-examples.ts <clerk-docs>`. Do not edit by hand.',
    '',
    `- Collected: ${results.ours.length}`,
    `- Compile against the reference's SDK: ${referenceCount}`,
    `- Do not (docs slips, \`allowlist.json\`): ${allowlist.length}`,
    `- Of the other ${counted.length}, compile against ours with only their imports changed: **${ours} (${percent} %)**`,
    `- Components among those ${counted.length} (what the e2e plan renders): ${components.length}; compiling against ours: ${components.filter((o) => o.compiles).length}`,
    '',
    '## What stops them',
    '',
    'Every error against ours, as what is missing, by the number of counted examples it appears in',
    '(an example appears under each of its reasons; implicit-any errors, echoes of a missing type, only',
    'when an example has no other):',
    '',
    '| reason | examples |',
    '| --- | --- |',
    ...groupReasons(
      counted.filter((o) => !o.compiles),
      'all',
    ).map(([reason, count]) => `| ${cell(reason)} | ${count} |`),
    '',
    '## Every example',
    '',
    '| example | kind | ours | reference | first error against ours |',
    '| --- | --- | --- | --- | --- |',
    ...results.ours.map((o) => {
      const ref = reference.get(o.example)
      const refCell = ref?.compiles ? 'yes' : `no: ${cell(allowed.get(o.example) ?? ref?.first ?? '')}`
      const oursCell = `${o.compiles ? 'yes' : 'no'}${allowed.has(o.example) ? ' (not counted)' : ''}`
      return `| [${o.example}](${sourceOf(o.example)}) | ${kinds.get(o.example)} | ${oursCell} | ${refCell} | ${cell(o.first)} |`
    }),
    '',
  ]
  return lines.join('\n')
}

/**
 * The examples the app renders at `/examples/reference/<name>` (test/support/reference-examples-plugin.ts)
 * and e2e/reference-examples.spec.ts visits: the components that RESULTS.md lists as compiling
 * against ours, by file name. Read from the committed RESULTS.md, so an example joins once the test
 * that writes it says it compiles, and the production build never takes one that does not.
 */
export function renderedExamples(results = readFileSync(path.join(EXAMPLES_DIR, 'RESULTS.md'), 'utf8')): string[] {
  return [...results.matchAll(/^\| \[([^\]]+)\]\([^)]*\) \| component \| yes(?: \(not counted\))? \|/gm)].map(
    (match) => match[1] ?? '',
  )
}

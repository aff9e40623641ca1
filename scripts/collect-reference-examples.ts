/**
 * Collects the reference's documentation examples for its React client API and its TanStack React
 * Start server `auth()` into `test/reference-examples/`, verbatim, one file per code block, each
 * with a header naming its source. `test/reference-examples.test.ts` then type-checks them against
 * our API with only their imports changed (issue 21, "How to prove it").
 *
 *   npx tsx scripts/collect-reference-examples.ts <clerk-docs checkout or bare git dir> [out dir]
 *
 * The docs repository is https://github.com/clerk/clerk-docs. A bare git directory is read at
 * HEAD (`git show`); a checkout is read from disk (its commit from `git rev-parse HEAD`).
 *
 * Each page is rendered the way the docs site renders it for one SDK: `<Include>`d partials are
 * expanded, `<If sdk=… / notSdk=… / is=…>` blocks are kept or dropped. The SDK is
 * tanstack-react-start when the page offers it (or lists no SDKs), else react, else nextjs — so
 * each block is the variant a TanStack React Start reader sees. Of the rendered TSX/TS/JSX blocks,
 * those importing one of the client or server entries we mirror are kept; blocks that also import
 * another Clerk entry (Next.js server helpers, billing, UI themes…) or only set the SDK up
 * (`clerkMiddleware`, `<ClerkProvider>`) are left out, and a block shown on several pages is kept
 * once.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** The pages (and folders of pages) in scope: the issue's items 1–9. */
export const PAGES = [
  'docs/reference/hooks/use-auth.mdx',
  'docs/reference/hooks/use-user.mdx',
  'docs/reference/hooks/use-session.mdx',
  'docs/reference/hooks/use-session-list.mdx',
  'docs/reference/hooks/use-clerk.mdx',
  'docs/reference/hooks/use-organization.mdx',
  'docs/reference/hooks/use-organization-list.mdx',
  'docs/reference/hooks/use-reverification.mdx',
  'docs/reference/hooks/legacy/use-sign-in.mdx',
  'docs/reference/hooks/legacy/use-sign-up.mdx',
  'docs/reference/components/control/',
  'docs/reference/components/unstyled/',
  'docs/reference/tanstack-react-start/auth.mdx',
  'docs/reference/components/user/user-button.mdx',
  'docs/reference/backend/types/auth-object.mdx',
  'docs/guides/development/custom-flows/organizations/',
  'docs/guides/development/custom-flows/account-updates/',
  'docs/guides/development/custom-flows/authentication/legacy/',
  'docs/guides/secure/reverification.mdx',
  'docs/guides/users/reading.tanstack-react-start.mdx',
  'docs/guides/users/impersonation.mdx',
  'docs/guides/sessions/session-tokens.mdx',
  'docs/guides/sessions/customize-session-tokens.mdx',
  'docs/guides/organizations/getting-started.mdx',
  'docs/guides/organizations/control-access/check-access.mdx',
]

/** Import specifiers whose examples we collect (the ones the check maps onto our entries). */
export const MIRRORED_SPECIFIER =
  /^@clerk\/(tanstack-react-start(\/server|\/errors|\/legacy|\/types)?|react(\/errors|\/legacy|\/types)?|clerk-react(\/errors)?|nextjs(\/errors|\/legacy|\/types)?|types|shared\/types)$/

/**
 * Names that only set the SDK up, and the Backend API client: a block importing nothing else is not
 * an example of the API we mirror (one using them beside `auth()` or a hook is).
 */
const NOT_ALONE = new Set([
  'clerkMiddleware',
  'createClerkHandler',
  'ClerkProvider',
  'createRouteMatcher',
  'clerkClient',
])

/**
 * The reference's APIs outside issue 21 (prebuilt UI, billing, API keys, OAuth consent, waitlist,
 * Web3): a block using one is not an example of the API we mirror.
 */
export const OUT_OF_SCOPE = new Set([
  'APIKeys',
  'CheckoutButton',
  'CheckoutProvider',
  'clerkFrontendApiProxy',
  'CreateOrganization',
  'createFrontendApiProxyHandlers',
  'GoogleOneTap',
  'isMetamaskError',
  'OAuthConsent',
  'OrganizationList',
  'OrganizationProfile',
  'OrganizationSwitcher',
  'PaymentElement',
  'PaymentElementProvider',
  'PricingTable',
  'SignIn',
  'SignInWithMetamaskButton',
  'SignUp',
  'SubscriptionDetailsButton',
  'TaskChooseOrganization',
  'TaskResetPassword',
  'TaskSetupMFA',
  'UNSAFE_PortalProvider',
  'useAPIKeys',
  'useCheckout',
  'useOAuthConsent',
  'useOrganizationCreationDefaults',
  'usePaymentElement',
  'usePaymentMethods',
  'UserAvatar',
  'UserProfile',
  'useWaitlist',
  'Waitlist',
])

const LANGUAGES = new Set(['tsx', 'ts', 'jsx', 'typescript'])
const SDK_PREFERENCE = ['tanstack-react-start', 'react', 'nextjs']

interface Source {
  commit: string
  list(): string[]
  read(file: string): string
}

function openDocs(dir: string): Source {
  const bare = !existsSync(path.join(dir, 'docs')) && existsSync(path.join(dir, 'HEAD'))
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 }).toString()
  const commit = git('rev-parse', 'HEAD').trim()
  if (bare) {
    const files = git('ls-tree', '-r', '--name-only', 'HEAD').split('\n').filter(Boolean)
    return { commit, list: () => files, read: (file) => git('show', `HEAD:${file}`) }
  }
  const walk = (rel: string): string[] =>
    readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(`${rel}/${entry.name}`) : [`${rel}/${entry.name}`],
    )
  const files = walk('docs')
  return { commit, list: () => files, read: (file) => readFileSync(path.join(dir, file), 'utf8') }
}

export interface Block {
  /** The file the block is written in (a page or a partial). */
  file: string
  /** 1-based line of the opening fence in that file. */
  line: number
  /** The page that shows it. */
  page: string
  sdk: string
  language: string
  filename: string | null
  code: string
}

/** `sdk="a"`, `sdk='a'` or `sdk={["a", "b"]}` → ['a'] / ['a', 'b']; null when absent. */
function attributeList(tag: string, name: string): string[] | null {
  const match = new RegExp(`\\b${name}=(?:"([^"]*)"|'([^']*)'|\\{([^}]*)\\})`).exec(tag)
  if (!match) return null
  const raw = match[1] ?? match[2] ?? match[3] ?? ''
  return [...raw.matchAll(/[\w-]+/g)].map((m) => m[0])
}

/** Whether an `<If …>` tag shows its content for `sdk` on the docs site (not its LLM text). */
export function ifShows(tag: string, sdk: string): boolean {
  if (/\bis=/.test(tag)) return false
  const only = attributeList(tag, 'sdk')
  if (only && !only.includes(sdk)) return false
  const not = attributeList(tag, 'notSdk')
  if (not?.includes(sdk)) return false
  return true
}

/** The page's front-matter `sdk:` list, or null when it lists none (shown for every SDK). */
export function pageSdks(text: string): string[] | null {
  const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? ''
  const line = /^sdk:\s*(.+)$/m.exec(front)?.[1]
  return line ? line.split(',').map((s) => s.trim()) : null
}

export function renderSdk(text: string): string | null {
  const sdks = pageSdks(text)
  if (!sdks) return SDK_PREFERENCE[0] ?? null
  return SDK_PREFERENCE.find((sdk) => sdks.includes(sdk)) ?? null
}

/** The code blocks of `file` as the docs site shows them for `sdk`, partials expanded. */
export function blocksOf(source: Source, file: string, page: string, sdk: string, depth = 0): Block[] {
  if (depth > 8) throw new Error(`<Include> nesting too deep at ${file}`)
  const lines = source.read(file).split('\n')
  const blocks: Block[] = []
  const hidden: boolean[] = [] // one per open <If>: whether it hides its content
  const isHidden = () => hidden.some(Boolean)
  let fence: { indent: number; ticks: string; line: number; language: string; meta: string; body: string[] } | null =
    null
  for (const [index, line] of lines.entries()) {
    if (fence) {
      const close = new RegExp(`^\\s*${fence.ticks}\\s*$`)
      if (close.test(line)) {
        if (!isHidden()) {
          const filename = /filename:\s*(?:'([^']*)'|"([^"]*)")/.exec(fence.meta)
          const dedent = fence.indent
          blocks.push({
            file,
            line: fence.line,
            page,
            sdk,
            language: fence.language,
            filename: filename ? (filename[1] ?? filename[2] ?? null) : null,
            code: `${fence.body.map((l) => (l.slice(0, dedent).trim() === '' ? l.slice(dedent) : l.trimStart())).join('\n')}\n`,
          })
        }
        fence = null
      } else fence.body.push(line)
      continue
    }
    const open = /^(\s*)(`{3,})([\w-]*)(.*)$/.exec(line)
    if (open) {
      fence = {
        indent: open[1]?.length ?? 0,
        ticks: open[2] ?? '```',
        line: index + 1,
        language: open[3] ?? '',
        meta: open[4] ?? '',
        body: [],
      }
      continue
    }
    // <If …> opening tags (possibly closed on the same line) and closing tags, in order.
    for (const tag of line.matchAll(/<If\b[^>]*?(\/?)>|<\/If>/g)) {
      if (tag[0] === '</If>') hidden.pop()
      else if (tag[1] !== '/') hidden.push(!ifShows(tag[0], sdk))
    }
    const include = /<Include\s+src=["']([^"']+)["']/.exec(line)
    if (include && !isHidden()) {
      const partial = `docs/${include[1]}.mdx`
      if (source.list().includes(partial)) blocks.push(...blocksOf(source, partial, page, sdk, depth + 1))
    }
  }
  return blocks
}

/** Import specifiers and the names imported, of one block. */
export function importsOf(code: string): { specifier: string; names: string[] }[] {
  return [...code.matchAll(/import\s+(type\s+)?([\s\S]*?)\s+from\s+['"]([^'"]+)['"]/g)].map((m) => ({
    specifier: m[3] ?? '',
    names: [...(m[2] ?? '').matchAll(/\b(?!type\b|as\b)[A-Za-z_$][\w$]*/g)].map((n) => n[0]),
  }))
}

/** Why a rendered block is not collected, or null when it is. */
export function exclusion(block: Block): string | null {
  if (!LANGUAGES.has(block.language)) return `language ${block.language || '(none)'}`
  const clerk = importsOf(block.code).filter((i) => i.specifier.startsWith('@clerk/'))
  if (clerk.length === 0) return 'imports nothing from the reference'
  const other = clerk.find((i) => !MIRRORED_SPECIFIER.test(i.specifier))
  if (other) return `imports ${other.specifier}`
  const names = clerk.flatMap((i) => i.names)
  const outside = names.find((name) => OUT_OF_SCOPE.has(name))
  if (outside) return `uses ${outside}, outside issue 21`
  if (names.every((name) => NOT_ALONE.has(name))) return 'SDK setup or Backend API only'
  return null
}

export function slugOf(page: string): string {
  return page
    .replace(/^docs\//, '')
    .replace(/\.mdx$/, '')
    .replace(/[/.]/g, '-')
}

export function extensionOf(block: Block): 'ts' | 'tsx' {
  if (block.filename?.endsWith('.ts')) return 'ts'
  if (block.filename?.endsWith('.tsx')) return 'tsx'
  return block.language === 'ts' || block.language === 'typescript' ? 'ts' : 'tsx'
}

export function headerOf(block: Block, commit: string): string {
  const lines = [
    `// Source: https://github.com/clerk/clerk-docs/blob/${commit}/${block.file}#L${block.line}`,
    ...(block.file === block.page
      ? []
      : [`// Shown on: https://github.com/clerk/clerk-docs/blob/${commit}/${block.page}`]),
    `// As rendered for the ${block.sdk} SDK${block.filename ? `; the docs name the file ${block.filename}` : ''}.`,
    '// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.',
  ]
  return `${lines.join('\n')}\n`
}

/** Whether a PAGES entry (a page, or a folder ending in /) covers `file`. */
const covers = (entry: string, file: string) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry)
const pageRank = (file: string) => PAGES.findIndex((entry) => covers(entry, file))

export function collect(docsDir: string, outDir: string) {
  const source = openDocs(docsDir)
  const pages = source
    .list()
    .filter((file) => file.endsWith('.mdx'))
    .filter((file) => PAGES.some((entry) => covers(entry, file)))
    .sort()
    // In the order of PAGES, so a partial shown on several pages is credited to the first listed.
    .sort((a, b) => pageRank(a) - pageRank(b))
  const seen = new Set<string>()
  const written: string[] = []
  const skipped: Record<string, number> = {}
  mkdirSync(outDir, { recursive: true })
  for (const name of readdirSync(outDir)) if (/\.\d+\.tsx?$/.test(name)) rmSync(path.join(outDir, name))
  for (const page of pages) {
    const sdk = renderSdk(source.read(page))
    if (!sdk) {
      skipped['page not for React'] = (skipped['page not for React'] ?? 0) + 1
      continue
    }
    let n = 0
    for (const block of blocksOf(source, page, page, sdk)) {
      const why = exclusion(block) ?? (seen.has(block.code) ? 'shown on an earlier page' : null)
      if (why) {
        const key = why.startsWith('imports @')
          ? 'imports another Clerk entry'
          : why.startsWith('uses ')
            ? 'uses an API outside issue 21'
            : why
        skipped[key] = (skipped[key] ?? 0) + 1
        continue
      }
      seen.add(block.code)
      n += 1
      const name = `${slugOf(page)}.${n}.${extensionOf(block)}`
      writeFileSync(path.join(outDir, name), headerOf(block, source.commit) + block.code)
      written.push(name)
    }
  }
  return { commit: source.commit, pages: pages.length, written, skipped }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [docsDir, outDir = 'test/reference-examples'] = process.argv.slice(2)
  if (!docsDir) {
    console.error('usage: tsx scripts/collect-reference-examples.ts <clerk-docs dir> [out dir]')
    process.exit(2)
  }
  const result = collect(docsDir, outDir)
  console.log(
    `clerk-docs ${result.commit}: ${result.written.length} examples from ${result.pages} pages into ${outDir}`,
  )
  console.log('left out:', result.skipped)
}

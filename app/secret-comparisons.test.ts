/**
 * Constant-time comparison of secrets (ASVS 11.2.4), enforced statically: no production source in
 * app/ compares a secret-like value (a hash, token, secret, code, digest, MAC, signature,
 * challenge, password, OTP, nonce, state, verifier or JWT) with `===`, `!==`, `==` or `!=`.
 * Secrets go through `safeEqual` (app/server/crypto.server.ts), whose time does not depend on
 * where the values differ. A comparison with a literal (`null`, `undefined`, a number, a string
 * written in the source) reveals nothing secret and passes; anything else needs an entry in the
 * allowlist below, with the reason it is not a secret comparison. The scanner is tested on
 * fixtures, so it can fail.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { parseAst } from 'rolldown/parseAst'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '..')

/** A name is secret-like when its last word is one of these (camelCase or snake_case words). */
const SECRET_WORD =
  /^(?:hash(?:es)?|tokens?|secrets?|codes?|digests?|h?macs?|signatures?|sig|challenges?|passwords?|passphrases?|otps?|nonces?|states?|verifiers?|jwts?|pkce)$/

interface SecretComparison {
  file: string
  line: number
  /** The comparison as written, whitespace collapsed: what the allowlist names. */
  text: string
  /** The secret-like name(s) it compares. */
  names: string[]
}

type Node = { type: string; start: number; end: number; [key: string]: unknown }

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as Node).type === 'string'

/** `x as T`, `x!`, `(x)`, `a?.b`: the expression underneath. */
function unwrap(node: Node): Node {
  let current = node
  while (
    [
      'TSAsExpression',
      'TSNonNullExpression',
      'TSSatisfiesExpression',
      'ParenthesizedExpression',
      'ChainExpression',
    ].includes(current.type)
  )
    current = current.expression as Node
  return current
}

/** A value written in the source (or `undefined`, `typeof x`): comparing with it gives no secret away. */
function isLiteral(node: Node): boolean {
  const inner = unwrap(node)
  if (inner.type === 'Literal') return true
  if (inner.type === 'TemplateLiteral') return (inner.expressions as Node[]).length === 0
  if (inner.type === 'Identifier') return inner.name === 'undefined'
  if (inner.type === 'UnaryExpression') return inner.operator === 'typeof' || isLiteral(inner.argument as Node)
  return false
}

/** The name an operand compares: `x` for `x`, `b` for `a.b`, `f` for `f(…)` and `a.f(…)`. */
function nameOf(node: Node): string | null {
  const inner = unwrap(node)
  if (inner.type === 'Identifier' || inner.type === 'PrivateIdentifier') return inner.name as string
  if (inner.type === 'MemberExpression' && !inner.computed) return nameOf(inner.property as Node)
  if (inner.type === 'CallExpression') return nameOf(inner.callee as Node)
  return null
}

function isSecretLike(name: string): boolean {
  const words = name
    .replace(/^#/, '')
    .split(/(?=[A-Z])|_/)
    .filter(Boolean)
  const last = words[words.length - 1]?.toLowerCase() ?? ''
  return SECRET_WORD.test(last)
}

const EQUALITY = new Set(['===', '!==', '==', '!='])

/** Every equality comparison in `source` where a side names a secret-like value and neither is a literal. */
function findSecretComparisons(source: string, file: string): SecretComparison[] {
  const program = parseAst(source, { lang: file.endsWith('.tsx') ? 'tsx' : 'ts' }, file) as unknown as Node
  const found: SecretComparison[] = []
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length
  const visit = (node: Node) => {
    if (node.type === 'BinaryExpression' && EQUALITY.has(node.operator as string)) {
      const left = node.left as Node
      const right = node.right as Node
      const names = [nameOf(left), nameOf(right)].filter((name): name is string => name !== null && isSecretLike(name))
      if (names.length > 0 && !isLiteral(left) && !isLiteral(right)) {
        found.push({
          file,
          line: lineOf(node.start),
          text: source.slice(node.start, node.end).replace(/\s+/g, ' '),
          names,
        })
      }
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const item of value) isNode(item) && visit(item)
      else if (isNode(value)) visit(value)
    }
  }
  visit(program)
  return found
}

/**
 * Comparisons that name a secret-like value but compare no secret. Each entry: the file, the
 * comparison as written, and why it is not a timing leak.
 */
const ALLOWLIST: Array<{ file: string; text: string; reason: string }> = [
  {
    file: 'app/session/errors.ts',
    text: 'candidate === code',
    reason: "an error's stable code (`rate_limited`…) against the one asked about: public names, no secret",
  },
]

function productionSources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((entry) => {
    const relative = path.join(dir, entry)
    if (statSync(path.join(ROOT, relative)).isDirectory()) return productionSources(relative)
    if (!/\.tsx?$/.test(entry) || entry.endsWith('.gen.ts') || /\.test\.tsx?$/.test(entry)) return []
    return [relative]
  })
}

describe('the scanner', () => {
  const fixture = [
    'const a = row.tokenHash === sha256Hex(token)',
    'if (code !== expectedCode) throw new Error()',
    'if (input.clientSecret != stored.clientSecret) {}',
    'const b = header.signature == computed',
    'const c = this.#nonce === nonce',
    'const d = (data.challenge as string)! === expected',
    'const e = hmac(body) === received',
  ].join('\n')

  it('finds a secret compared with === or !== (and == or !=), on either side', () => {
    expect(findSecretComparisons(fixture, 'fixture.ts').map(({ line, names }) => ({ line, names }))).toEqual([
      { line: 1, names: ['tokenHash'] },
      { line: 2, names: ['code', 'expectedCode'] },
      { line: 3, names: ['clientSecret', 'clientSecret'] },
      { line: 4, names: ['signature'] },
      { line: 5, names: ['nonce', 'nonce'] },
      { line: 6, names: ['challenge'] },
      { line: 7, names: ['hmac'] },
    ])
  })

  it('passes safeEqual, literals and names that only contain a secret word', () => {
    const clean = [
      'const a = safeEqual(row.tokenHash, sha256Hex(token))',
      "if (storedHash === null || token === undefined || code === '') {}",
      "if (typeof secret !== 'string' || password.length === 0 || challenges.length !== 1) {}",
      "const b = payload?.code === 'password_compromised' && step.strategy !== 'password'",
      'const c = tokenKind === other.tokenKind && codeStrategy === strategy',
      "if (state === 'accepted') {}",
    ].join('\n')
    expect(findSecretComparisons(clean, 'clean.ts')).toEqual([])
  })

  it('parses TSX and reports the line of each finding', () => {
    const tsx =
      '// Ünïcödé — before the finding\nexport function F({ token }: { token: string }) {\n  return <p>{token === other ? "same" : "not"}</p>\n}'
    expect(findSecretComparisons(tsx, 'f.tsx')).toEqual([
      { file: 'f.tsx', line: 3, text: 'token === other', names: ['token'] },
    ])
  })
})

describe('app/ compares no secret with ===', () => {
  const findings = ['app']
    .flatMap(productionSources)
    .flatMap((file) => findSecretComparisons(readFileSync(path.join(ROOT, file), 'utf8'), file))
  const allowed = (finding: SecretComparison) =>
    ALLOWLIST.some((entry) => entry.file === finding.file && entry.text === finding.text)

  it('every comparison naming a secret goes through safeEqual or is on the allowlist', () => {
    expect(
      findings.filter((finding) => !allowed(finding)).map(({ file, line, text }) => `${file}:${line} ${text}`),
    ).toEqual([])
  })

  it('every allowlist entry still matches a comparison and gives its reason', () => {
    for (const entry of ALLOWLIST) {
      expect(entry.reason.length, `${entry.file}: ${entry.text}`).toBeGreaterThan(10)
      expect(
        findings.some((finding) => finding.file === entry.file && finding.text === entry.text),
        `stale allowlist entry ${entry.file}: ${entry.text}`,
      ).toBe(true)
    }
  })
})

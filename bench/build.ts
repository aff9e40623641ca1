/**
 * The benchmark runs the production build: rebuilt with `vite build` when asked (BENCH_BUILD=1),
 * or when `.output/server/index.mjs` is missing or older than any source it is built from. The
 * framework reference likewise, into `.data/bench-framework/`.
 */

import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

export const SERVER_ENTRY = '.output/server/index.mjs'

const SOURCES = ['app', 'db', 'public', 'app.config.ts', 'vite.config.ts', 'package-lock.json']

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0
  const stat = statSync(entry)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)))
  return newest
}

/** The framework-only reference app (bench/framework/): its sources, and where its build goes (ignored by git). */
export const FRAMEWORK_CONFIG = 'bench/framework/vite.config.ts'
export const FRAMEWORK_OUTPUT = '.data/bench-framework'
export const FRAMEWORK_ENTRY = `${FRAMEWORK_OUTPUT}/server/index.mjs`
const FRAMEWORK_SOURCES = ['bench/framework', 'package-lock.json']

function isStale(entry: string, sources: string[]): boolean {
  if (!existsSync(entry)) return true
  const built = statSync(entry).mtimeMs
  return sources.some((source) => newestMtime(source) > built)
}

export const buildIsStale = (): boolean => isStale(SERVER_ENTRY, SOURCES)

function build(mode: string | undefined, what: string, entry: string, sources: string[], args: string[]): void {
  const needed = mode === '1' || (mode !== '0' && isStale(entry, sources))
  if (mode === '0' && !existsSync(entry)) throw new Error(`BENCH_BUILD=0 but ${entry} is missing`)
  if (!needed) return
  console.log(`bench: vite build (${what})…`)
  // The bundler's warnings (module-level "use client" directives and the like) are shown only when the build fails.
  const result = spawnSync('npx', ['vite', 'build', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  })
  if (result.status !== 0) {
    process.stderr.write(result.stderr ?? '')
    throw new Error(`vite build of ${what} failed (exit ${result.status})`)
  }
}

export function ensureBuild(mode: string | undefined): void {
  build(mode, 'the production build', SERVER_ENTRY, SOURCES, [])
}

/** The framework reference, built with its own config from the same node_modules as the app. */
export function ensureFrameworkBuild(mode: string | undefined): void {
  build(mode, 'the framework reference', FRAMEWORK_ENTRY, FRAMEWORK_SOURCES, ['--config', FRAMEWORK_CONFIG])
}

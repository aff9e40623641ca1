/**
 * The benchmark runs the production build: rebuilt with `vite build` when asked (BENCH_BUILD=1),
 * or when `.output/server/index.mjs` is missing or older than any source it is built from.
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

export function buildIsStale(): boolean {
  if (!existsSync(SERVER_ENTRY)) return true
  const built = statSync(SERVER_ENTRY).mtimeMs
  return SOURCES.some((source) => newestMtime(source) > built)
}

export function ensureBuild(mode: string | undefined): void {
  const needed = mode === '1' || (mode !== '0' && buildIsStale())
  if (mode === '0' && !existsSync(SERVER_ENTRY)) throw new Error(`BENCH_BUILD=0 but ${SERVER_ENTRY} is missing`)
  if (!needed) return
  console.log('bench: vite build (the production build)…')
  const result = spawnSync('npx', ['vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status})`)
}

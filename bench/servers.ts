/**
 * The servers under test: each a child process (pinned to CPU 1 when pinning is on), waited for
 * until it answers, measured by its resident memory, and stopped at the end.
 */

import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, openSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FRAMEWORK_ENTRY, SERVER_ENTRY } from './build.ts'

export interface Server {
  name: string
  url: string
  pid: number | undefined
  stop: () => Promise<void>
}

const children = new Set<ChildProcess>()

/**
 * Each server's stderr goes to a file here, not to the bench's output: under load, clients that
 * hang up when a run ends make servers log aborted requests, which is expected noise.
 */
export const LOG_DIR = path.join(os.tmpdir(), `tessera-bench-logs-${process.pid}`)

export const SERVER_CPU = 1
export const LOAD_CPU = 0

export async function waitFor(url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    )
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${url} did not come up within ${timeoutMs / 1000} s`)
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

export function spawnServer(options: {
  name: string
  args: string[]
  env: NodeJS.ProcessEnv
  pin: boolean
}): ChildProcess {
  const node = [process.execPath, ...options.args]
  const [command, ...args] = options.pin ? ['taskset', '-c', String(SERVER_CPU), ...node] : node
  mkdirSync(LOG_DIR, { recursive: true })
  const logFile = path.join(LOG_DIR, `${options.name}.log`)
  const stderr = openSync(logFile, 'a')
  const child = spawn(command as string, args, {
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', stderr, stderr],
  })
  child.once('exit', (code, signal) => {
    children.delete(child)
    if (code && code !== 0 && signal === null)
      console.error(`bench: ${options.name} exited with ${code}; see ${logFile}`)
  })
  children.add(child)
  return child
}

/** Starts `name` and resolves once `health` answers 200. */
export async function startServer(options: {
  name: string
  args: string[]
  env: NodeJS.ProcessEnv
  port: number
  health: string
  pin: boolean
}): Promise<Server> {
  const child = spawnServer(options)
  const url = `http://127.0.0.1:${options.port}`
  await waitFor(`${url}${options.health}`)
  return { name: options.name, url, pid: child.pid, stop: () => stopChild(child) }
}

/**
 * The V8 flags `npm start` runs the production server with (its heap cap), read from package.json
 * so the benchmark measures the server as it is deployed.
 */
function productionNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
  return (scripts.start ?? '').split(/\s+/).filter((word) => word.startsWith('--max-old-space-size='))
}

/**
 * `--inspect-port` only names the port the inspector would use: none runs until the profile phase
 * opens it with SIGUSR1 (bench/profile.ts), so the flag costs nothing until then.
 */
const inspectFlag = (port: number | undefined) => (port === undefined ? [] : [`--inspect-port=127.0.0.1:${port}`])

export function startApp(options: {
  /** The build's server entry (default: `.output/server/index.mjs`) and the name its log goes by. */
  entry?: string
  name?: string
  port: number
  inspectPort?: number
  databaseUrl: string
  secret: string
  testingToken: string
  configFile: string
  pin: boolean
}): Promise<Server> {
  const url = `http://127.0.0.1:${options.port}`
  return startServer({
    name: options.name ?? 'tessera',
    args: [...productionNodeFlags(), ...inspectFlag(options.inspectPort), options.entry ?? SERVER_ENTRY],
    env: {
      PORT: String(options.port),
      HOST: '127.0.0.1',
      APP_URL: url,
      DATABASE_URL: options.databaseUrl,
      TESSERA_SECRET: options.secret,
      TESSERA_TESTING_TOKEN: options.testingToken,
      TESSERA_CONFIG: options.configFile,
      LOG_LEVEL: 'error',
    },
    port: options.port,
    health: '/health/ready',
    pin: options.pin,
  })
}

/** The framework-only reference app (bench/framework/), run like the app: production, same heap cap. */
export function startFramework(options: { port: number; inspectPort?: number; pin: boolean }): Promise<Server> {
  return startServer({
    name: 'framework',
    args: [...productionNodeFlags(), ...inspectFlag(options.inspectPort), FRAMEWORK_ENTRY],
    env: { PORT: String(options.port), HOST: '127.0.0.1' },
    port: options.port,
    health: '/',
    pin: options.pin,
  })
}

export function startCeiling(options: {
  mode: 'json' | 'pg'
  port: number
  databaseUrl?: string
  pin: boolean
}): Promise<Server> {
  return startServer({
    name: `ceiling-${options.mode}`,
    args: ['--import', 'tsx', 'bench/ceiling-server.ts'],
    env: { MODE: options.mode, PORT: String(options.port), DATABASE_URL: options.databaseUrl ?? '' },
    port: options.port,
    health: '/health',
    pin: options.pin,
  })
}

export function startBareJwt(options: { port: number; appUrl: string; pin: boolean }): Promise<Server> {
  return startServer({
    name: 'bare-jwt',
    args: ['--import', 'tsx', 'bench/bare-verify-server.ts'],
    env: { PORT: String(options.port), JWKS_URL: `${options.appUrl}/.well-known/jwks.json`, ISSUER: options.appUrl },
    port: options.port,
    health: '/health',
    pin: options.pin,
  })
}

/** Resident memory of a process in MB (VmRSS), or NaN when it cannot be read. */
export function rssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : Number.NaN
  } catch {
    return Number.NaN
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)))
}

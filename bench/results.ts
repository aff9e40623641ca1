/** The shape of bench/results/<date>.json: every raw sample, and what the report derives from them. */

import type { QueryCount } from './db-stats.ts'
import type { LoadResult } from './load.ts'
import type { ProfilePart } from './profile.ts'
import type { SigningResults } from './signing.ts'

export type Side = 'framework' | 'ceiling' | 'tessera' | 'peer'

export interface TargetInfo {
  key: string
  label: string
  side: Side
  /** Why the target could not run in this checkout or build (then it has no samples). */
  unavailable?: string
}

export interface Sample {
  target: string
  round: number
  /** Position in the round's rotated order. */
  position: number
  result: LoadResult
  /** The target server's VmRSS right after its load, MB. */
  rssMb: number
}

export interface ScaleSample {
  sessions: number
  target: string
  round: number
  result: LoadResult
}

export interface TargetRow {
  target: string
  /** `≥ 0.9`, `≤ 1.2`, `= 0` … */
  goal: string
  /** The median, with its [min–max] where there are rounds. */
  measured: string
  value: number
  met: boolean | null
  note?: string
  /** The issue that set the target (10, 23, or both). */
  issue?: string
}

export interface BenchResults {
  date: string
  startedAt: string
  finishedAt: string
  durationSeconds: number
  machine: {
    cpus: number
    cpuModel: string
    memoryGb: number
    kernel: string
    node: string
    postgres: string
    pinned: boolean
    loadavgAtStart: number[]
    /** Absent in results from before issue 23. */
    loadavgAtEnd?: number[]
    packages: Record<string, string>
  }
  settings: Record<string, unknown>
  notes: string[]
  targets: TargetInfo[]
  samples: Sample[]
  rssAfterWarmupMb: Record<string, number>
  signIns: { round: number; side: Side; ms: number[] }[]
  argon2: { m: number; t: number; p: number } | null
  /** One Argon2id verify of the stored hash in the bench process, sequential (absent in older results). */
  argon2VerifyMs?: number[]
  dbQueries: { jwt: QueryCount | null; database: QueryCount | null }
  scale: ScaleSample[]
  listing: { sessions: number; samples: Sample[] } | null
  /** µs of CPU per request by part of the build, from sampled profiles (bench/profile.ts; absent in older results). */
  profiles?: { target: string; requests: number; usPerRequest: Record<ProfilePart, number> }[]
  /** The admission-control phase: the gated page at each connection count, per round (absent in older results). */
  admission?: { connections: number; round: number; result: LoadResult }[]
  soak: { seconds: number; windowSeconds: number; windows: number[]; rssMb: number[]; result: LoadResult } | null
  /** Signatures per second per core by signing setting (bench/signing.ts); absent in older runs. */
  signing?: SigningResults | null
  rows: TargetRow[]
}

/**
 * The chart next to the table, hand-written SVG (no dependencies): per target, median req/s with
 * its min–max whisker, and median p99 latency; the framework reference green, ceilings grey,
 * Tessera blue, Better Auth orange.
 */

import type { BenchResults, Side } from './results.ts'
import { formatNumber, median, minMax } from './stats.ts'

const COLORS: Record<Side, string> = { framework: '#16a34a', ceiling: '#9ca3af', tessera: '#2563eb', peer: '#ea580c' }
const LABEL_WIDTH = 330
const PANEL_WIDTH = 300
const GAP = 60
const ROW = 24
const TOP = 70

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

interface Bar {
  label: string
  side: Side
  rps: number[]
  /** p99 for loads; the median for sign-ins (which have no req/s). */
  latency: number[]
}

const GROUPS: { title: string; keys: string[] }[] = [
  {
    title: 'Framework reference (same versions)',
    keys: ['fw-ping', 'fw-ping-mw', 'fw-ping-headers', 'fw-echo', 'fw-home', 'fw-list'],
  },
  { title: 'Ceilings', keys: ['ceiling-json', 'ceiling-pg', 'ceiling-jwt', 'fn-anon', 'health-live'] },
  {
    title: 'Session validation, Tessera beside Better Auth',
    keys: ['fn-jwt', 'fn-db', 'api-me', 'peer-off', 'peer-on'],
  },
  { title: 'Pages', keys: ['ssr-anon', 'ssr-gated', 'ssr-ungated'] },
  { title: 'Writes', keys: ['mint', 'mint-rs256', 'mint-es256', 'mint-eddsa', 'touch'] },
]

function groups(results: BenchResults): { title: string; bars: Bar[] }[] {
  const barOf = (key: string): Bar | null => {
    const target = results.targets.find((t) => t.key === key)
    const samples = results.samples.filter((sample) => sample.target === key)
    if (!target || samples.length === 0) return null
    return {
      label: target.label,
      side: target.side,
      rps: samples.map((s) => s.result.requestsPerSecond),
      latency: samples.map((s) => s.result.latency.p99),
    }
  }
  const out = GROUPS.map((group) => ({
    title: group.title,
    bars: group.keys.map(barOf).filter((bar): bar is Bar => bar !== null),
  }))
  const signIns = (['tessera', 'peer'] as const)
    .map((side) => ({
      label: side === 'tessera' ? 'Tessera password sign-in' : 'Better Auth email sign-in',
      side,
      rps: [],
      latency: [median(results.signIns.filter((entry) => entry.side === side).flatMap((entry) => entry.ms))],
    }))
    .filter((bar) => Number.isFinite(bar.latency[0]))
  if (signIns.length > 0) out.push({ title: 'Password sign-in, sequential (latency column: median ms)', bars: signIns })
  return out.filter((group) => group.bars.length > 0)
}

export function renderChart(results: BenchResults): string {
  const sections = groups(results)
  const all = sections.flatMap((section) => section.bars)
  const maxRps = Math.max(1, ...all.flatMap((bar) => bar.rps))
  const maxLatency = Math.max(1, ...all.map((bar) => median(bar.latency)))
  const rowCount = all.length + sections.length
  const width = LABEL_WIDTH + PANEL_WIDTH * 2 + GAP + 80
  const height = TOP + rowCount * ROW + 50
  const rpsX = LABEL_WIDTH
  const p99X = LABEL_WIDTH + PANEL_WIDTH + GAP
  const w = (value: number, max: number) => Math.max(1, (value / max) * PANEL_WIDTH)

  const parts: string[] = []
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="16" font-weight="600" fill="#111827">Tessera vs the ceilings and Better Auth, ${xml(results.date)}</text>`,
    `<text x="16" y="44" fill="#4b5563">${xml(`${results.machine.cpus} CPUs, ${results.settings.connections} connections, median of ${results.settings.rounds} rounds × ${results.settings.seconds} s (whiskers: min–max)`)}</text>`,
    `<text x="${rpsX}" y="${TOP - 8}" font-weight="600" fill="#111827">req/s (higher is better)</text>`,
    `<text x="${p99X}" y="${TOP - 8}" font-weight="600" fill="#111827">p99 ms (lower is better)</text>`,
  )
  let row = 0
  for (const section of sections) {
    const y = TOP + row * ROW
    parts.push(`<text x="16" y="${y + 16}" font-weight="600" fill="#6b7280">${xml(section.title)}</text>`)
    row++
    for (const bar of section.bars) {
      const y = TOP + row * ROW
      row++
      const color = COLORS[bar.side]
      parts.push(`<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end" fill="#111827">${xml(bar.label)}</text>`)
      if (bar.rps.length > 0) {
        const rps = median(bar.rps)
        const [low, high] = minMax(bar.rps)
        parts.push(
          `<rect x="${rpsX}" y="${y + 4}" width="${w(rps, maxRps).toFixed(1)}" height="${ROW - 8}" fill="${color}" rx="2"/>`,
          `<line x1="${(rpsX + w(low, maxRps)).toFixed(1)}" x2="${(rpsX + w(high, maxRps)).toFixed(1)}" y1="${y + ROW / 2}" y2="${y + ROW / 2}" stroke="#111827" stroke-width="1"/>`,
          `<text x="${(rpsX + w(Math.max(rps, high), maxRps) + 4).toFixed(1)}" y="${y + 15}" fill="#374151">${formatNumber(rps)}</text>`,
        )
      }
      const latency = median(bar.latency)
      parts.push(
        `<rect x="${p99X}" y="${y + 4}" width="${w(latency, maxLatency).toFixed(1)}" height="${ROW - 8}" fill="${color}" opacity="0.75" rx="2"/>`,
        `<text x="${(p99X + w(latency, maxLatency) + 4).toFixed(1)}" y="${y + 15}" fill="#374151">${formatNumber(latency)}</text>`,
      )
    }
  }
  const legendY = TOP + rowCount * ROW + 24
  let legendX = 16
  for (const [side, label] of [
    ['ceiling', 'ceiling (bare node:http, unauthenticated app)'],
    ['tessera', 'Tessera'],
    ['peer', `Better Auth ${results.machine.packages['better-auth'] ?? ''}`.trim()],
  ] as const) {
    parts.push(
      `<rect x="${legendX}" y="${legendY - 10}" width="12" height="12" fill="${COLORS[side]}"/>`,
      `<text x="${legendX + 18}" y="${legendY}" fill="#374151">${xml(label)}</text>`,
    )
    legendX += 18 + label.length * 7 + 28
  }
  parts.push('</svg>', '')
  return parts.join('\n')
}

/**
 * The chart next to the table, hand-written SVG (no dependencies): per target, median req/s with
 * its min–max whisker, and median p99 latency; ceilings grey, Tessera blue, Better Auth orange.
 */

import type { BenchResults, Side } from './results.ts'
import { formatNumber, median, minMax } from './stats.ts'

const COLORS: Record<Side, string> = { ceiling: '#9ca3af', tessera: '#2563eb', peer: '#ea580c' }
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
  p99: number[]
}

export function renderChart(results: BenchResults): string {
  const bars: Bar[] = results.targets
    .filter((target) => !target.unavailable)
    .map((target) => {
      const samples = results.samples.filter((sample) => sample.target === target.key)
      return {
        label: target.label,
        side: target.side,
        rps: samples.map((s) => s.result.requestsPerSecond),
        p99: samples.map((s) => s.result.latency.p99),
      }
    })
    .filter((bar) => bar.rps.length > 0)
  const maxRps = Math.max(1, ...bars.flatMap((bar) => bar.rps))
  const maxP99 = Math.max(1, ...bars.map((bar) => median(bar.p99)))
  const width = LABEL_WIDTH + PANEL_WIDTH * 2 + GAP + 80
  const height = TOP + bars.length * ROW + 50
  const rpsX = LABEL_WIDTH
  const p99X = LABEL_WIDTH + PANEL_WIDTH + GAP

  const parts: string[] = []
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="16" font-weight="600" fill="#111827">Tessera vs the ceilings and Better Auth, ${xml(results.date)}</text>`,
    `<text x="16" y="44" fill="#4b5563">${xml(`${results.machine.cpus} CPUs, ${results.settings.connections} connections, median of ${results.settings.rounds} rounds × ${results.settings.seconds} s (whiskers: min–max)`)}</text>`,
    `<text x="${rpsX}" y="${TOP - 8}" font-weight="600" fill="#111827">req/s (higher is better)</text>`,
    `<text x="${p99X}" y="${TOP - 8}" font-weight="600" fill="#111827">p99 ms (lower is better)</text>`,
  )
  for (const [index, bar] of bars.entries()) {
    const y = TOP + index * ROW
    const color = COLORS[bar.side]
    const rps = median(bar.rps)
    const [low, high] = minMax(bar.rps)
    const w = (value: number, max: number) => Math.max(1, (value / max) * PANEL_WIDTH)
    const p99 = median(bar.p99)
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end" fill="#111827">${xml(bar.label)}</text>`,
      `<rect x="${rpsX}" y="${y + 4}" width="${w(rps, maxRps).toFixed(1)}" height="${ROW - 8}" fill="${color}" rx="2"/>`,
      `<line x1="${(rpsX + w(low, maxRps)).toFixed(1)}" x2="${(rpsX + w(high, maxRps)).toFixed(1)}" y1="${y + ROW / 2}" y2="${y + ROW / 2}" stroke="#111827" stroke-width="1"/>`,
      `<text x="${(rpsX + w(Math.max(rps, high), maxRps) + 4).toFixed(1)}" y="${y + 15}" fill="#374151">${formatNumber(rps)}</text>`,
      `<rect x="${p99X}" y="${y + 4}" width="${w(p99, maxP99).toFixed(1)}" height="${ROW - 8}" fill="${color}" opacity="0.75" rx="2"/>`,
      `<text x="${(p99X + w(p99, maxP99) + 4).toFixed(1)}" y="${y + 15}" fill="#374151">${formatNumber(p99)}</text>`,
    )
  }
  const legendY = TOP + bars.length * ROW + 24
  for (const [index, [side, label]] of (
    [
      ['ceiling', 'ceiling (bare node:http, unauthenticated app)'],
      ['tessera', 'Tessera'],
      ['peer', `Better Auth ${results.machine.packages['better-auth'] ?? ''}`.trim()],
    ] as const
  ).entries()) {
    const x = 16 + index * 300
    parts.push(
      `<rect x="${x}" y="${legendY - 10}" width="12" height="12" fill="${COLORS[side]}"/>`,
      `<text x="${x + 18}" y="${legendY}" fill="#374151">${xml(label)}</text>`,
    )
  }
  parts.push('</svg>', '')
  return parts.join('\n')
}

/** Medians and ranges: every number the report prints is a median of rounds with its [min–max]. */

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

export const minMax = (values: readonly number[]): [number, number] =>
  values.length === 0 ? [Number.NaN, Number.NaN] : [Math.min(...values), Math.max(...values)]

/** `12,345` for big numbers, two decimals for small ones. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–'
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US')
  if (Math.abs(value) >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

export function formatSpread(values: readonly number[]): string {
  if (values.length === 0) return '–'
  const [low, high] = minMax(values)
  return values.length === 1
    ? formatNumber(median(values))
    : `${formatNumber(median(values))} [${formatNumber(low)}–${formatNumber(high)}]`
}

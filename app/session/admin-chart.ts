/**
 * The admin dashboard's chart: sign-ins and failed sign-ins per bucket (a minute) over the last
 * window (an hour). Buckets are aligned to whole bucket boundaries, so a bucket means the same
 * minute on every reload; the last one is the bucket `now` falls in, still filling.
 */

import { ADMIN_CHART_BUCKET_SECONDS, ADMIN_CHART_WINDOW_SECONDS } from './policy.ts'

export interface ChartBucketJSON {
  /** When the bucket starts (epoch milliseconds). */
  start: number
  signIns: number
  failedSignIns: number
}

export interface ChartWindow {
  /** The first bucket's number (its start divided by the bucket length). */
  firstBucket: number
  bucketCount: number
  bucketSeconds: number
  /** The first bucket's start: events at or after it (and not after `now`) are counted. */
  from: Date
}

export function chartWindow(
  now: Date,
  windowSeconds = ADMIN_CHART_WINDOW_SECONDS,
  bucketSeconds = ADMIN_CHART_BUCKET_SECONDS,
): ChartWindow {
  const bucketCount = Math.ceil(windowSeconds / bucketSeconds)
  const firstBucket = Math.floor(now.getTime() / (bucketSeconds * 1000)) - bucketCount + 1
  return { firstBucket, bucketCount, bucketSeconds, from: new Date(firstBucket * bucketSeconds * 1000) }
}

/**
 * Every bucket of the window, oldest first, with the counts found (by bucket number) and zeros
 * where nothing happened. Counts outside the window are ignored.
 */
export function fillChart(
  window: ChartWindow,
  counts: Iterable<{ bucket: number; signIns: number; failedSignIns: number }>,
): ChartBucketJSON[] {
  const buckets = Array.from({ length: window.bucketCount }, (_, index) => ({
    start: (window.firstBucket + index) * window.bucketSeconds * 1000,
    signIns: 0,
    failedSignIns: 0,
  }))
  for (const count of counts) {
    const bucket = buckets[count.bucket - window.firstBucket]
    if (!bucket) continue
    bucket.signIns += count.signIns
    bucket.failedSignIns += count.failedSignIns
  }
  return buckets
}

import type { ChartBucketJSON } from '../../session/admin-chart.ts'
import { Table, Td } from '../ui/table.tsx'
import { Time } from '../ui/time.tsx'

/** Each bucket's width in the drawing; its height is 100. The drawing stretches to the card. */
const SLOT = 10

/**
 * The smallest 1, 2 or 4 × 10ⁿ at or above `value`, and at least 2: a scale whose gridlines (the
 * top and its half) are whole, round numbers.
 */
function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(value, 1)))
  const ceiling = [1, 2, 4, 10].map((step) => step * magnitude).find((candidate) => candidate >= value) ?? value
  return Math.max(2, ceiling)
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`

/**
 * Sign-ins against failed sign-ins per minute, as paired bars. The picture is summarised for
 * screen readers in its label, and the numbers behind it are one click away as a table.
 */
export function SignInChart({ chart, bucketSeconds }: { chart: ChartBucketJSON[]; bucketSeconds: number }) {
  const minutes = (chart.length * bucketSeconds) / 60
  const signIns = chart.reduce((sum, bucket) => sum + bucket.signIns, 0)
  const failures = chart.reduce((sum, bucket) => sum + bucket.failedSignIns, 0)
  const top = niceCeiling(Math.max(...chart.map((bucket) => Math.max(bucket.signIns, bucket.failedSignIns)), 1))
  const height = (value: number) => (100 * value) / top
  const summary = `In the last ${minutes} minutes: ${plural(signIns, 'sign-in', 'sign-ins')} and ${plural(failures, 'failed sign-in', 'failed sign-ins')}.`
  const active = chart.filter((bucket) => bucket.signIns > 0 || bucket.failedSignIns > 0)
  const ago = (index: number) => {
    const minutesAgo = ((chart.length - 1 - index) * bucketSeconds) / 60
    return minutesAgo === 0 ? 'this minute' : `${minutesAgo} min ago`
  }

  return (
    <figure>
      <figcaption className="flex flex-wrap items-center justify-between gap-3">
        <span className="text-sm text-zinc-600">{summary}</span>
        <span className="flex items-center gap-4 text-xs text-zinc-600" aria-hidden="true">
          <span className="flex items-center gap-1.5">
            <span className="size-2.5 rounded-sm bg-indigo-500" /> Sign-ins
          </span>
          <span className="flex items-center gap-1.5">
            <span className="size-2.5 rounded-sm bg-rose-500" /> Failed sign-ins
          </span>
        </span>
      </figcaption>
      {/* The numbers are HTML beside the drawing, so they keep their size however wide it is drawn. */}
      <div
        role="img"
        aria-label={`Sign-ins and failed sign-ins per minute. ${summary}`}
        className="mt-4 grid grid-cols-[auto_1fr] gap-x-3"
      >
        <div className="flex h-40 flex-col justify-between text-right text-xs text-zinc-500 tabular-nums">
          <span className="-mt-2">{top}</span>
          <span>{top / 2}</span>
          <span className="-mb-2">0</span>
        </div>
        <svg
          viewBox={`0 0 ${chart.length * SLOT} 100`}
          preserveAspectRatio="none"
          aria-hidden="true"
          className="h-40 w-full overflow-visible"
        >
          {[0, 50, 100].map((y) => (
            <line
              key={y}
              x1={0}
              x2={chart.length * SLOT}
              y1={y}
              y2={y}
              className="stroke-zinc-200"
              vectorEffect="non-scaling-stroke"
            />
          ))}
          {chart.map((bucket, index) => (
            <g key={bucket.start}>
              <title>{`${ago(index)}: ${plural(bucket.signIns, 'sign-in', 'sign-ins')}, ${bucket.failedSignIns} failed`}</title>
              {/* The whole slot answers the hover, not only the bars. */}
              <rect x={index * SLOT} y={0} width={SLOT} height={100} fill="transparent" />
              <rect
                x={index * SLOT + 1.5}
                y={100 - height(bucket.signIns)}
                width={3.5}
                height={height(bucket.signIns)}
                className="fill-indigo-500"
              />
              <rect
                x={index * SLOT + 5}
                y={100 - height(bucket.failedSignIns)}
                width={3.5}
                height={height(bucket.failedSignIns)}
                className="fill-rose-500"
              />
            </g>
          ))}
        </svg>
        <span />
        <div className="mt-2 flex justify-between text-xs text-zinc-500">
          <span>{minutes} min ago</span>
          <span>{minutes / 2} min ago</span>
          <span>now</span>
        </div>
      </div>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium text-indigo-600 hover:text-indigo-500">Show as a table</summary>
        {active.length === 0 ? (
          <p className="mt-2 text-zinc-500">No sign-ins or failed sign-ins in this time.</p>
        ) : (
          <div className="mt-2">
            <Table label="Sign-ins per minute" columns={['Minute', 'Sign-ins', 'Failed sign-ins']}>
              {active.map((bucket) => (
                <tr key={bucket.start}>
                  <Td>
                    <Time value={bucket.start} />
                  </Td>
                  <Td>{bucket.signIns}</Td>
                  <Td>{bucket.failedSignIns}</Td>
                </tr>
              ))}
            </Table>
          </div>
        )}
      </details>
    </figure>
  )
}

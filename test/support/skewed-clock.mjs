/**
 * A preload (`node --import <this file>`) that runs the process's clock CLOCK_OFFSET_MS ahead (or,
 * negative, behind): `Date.now()` and `new Date()` without arguments, as a host whose NTP is off.
 * Dates built from a value, `performance.now()` and timers are untouched. Fault tests start an
 * instance with it (test/support/fault-server.ts, `skewedClockEnv`); production code has no hook.
 */

const offsetMs = Number(process.env.CLOCK_OFFSET_MS ?? 0)
if (!Number.isFinite(offsetMs)) throw new Error(`CLOCK_OFFSET_MS is not a number: ${process.env.CLOCK_OFFSET_MS}`)

const RealDate = globalThis.Date

class SkewedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offsetMs)
    else super(...args)
  }

  static now() {
    return RealDate.now() + offsetMs
  }
}

// `Date()` called as a function returns a string of the current time; keep it skewed too.
const SkewedDateFunction = new Proxy(SkewedDate, {
  apply: () => new SkewedDate().toString(),
})

globalThis.Date = SkewedDateFunction

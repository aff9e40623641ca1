import { describe, expect, it } from 'vitest'
import { chartWindow, fillChart } from './admin-chart.ts'

const T0 = new Date('2026-03-01T09:00:00Z')
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000)
const minuteOf = (date: Date) => Math.floor(date.getTime() / 60_000)

describe('the dashboard chart', () => {
  it('covers the last hour in whole minutes, the last one holding now', () => {
    const window = chartWindow(at(3600 + 30), 3600, 60)
    expect(window.bucketCount).toBe(60)
    expect(window.from).toEqual(at(60))
    expect(window.firstBucket).toBe(minuteOf(at(60)))
    expect(window.firstBucket + window.bucketCount - 1).toBe(minuteOf(at(3600 + 30)))
  })

  it('is the same window anywhere inside a minute', () => {
    expect(chartWindow(at(3600), 3600, 60)).toEqual(chartWindow(at(3659.999), 3600, 60))
  })

  it('fills every bucket, oldest first, with zeros where nothing happened and nothing from outside', () => {
    const window = chartWindow(at(300), 300, 60)
    const chart = fillChart(window, [
      { bucket: minuteOf(at(60)), signIns: 2, failedSignIns: 1 },
      { bucket: minuteOf(at(300)), signIns: 1, failedSignIns: 0 },
      { bucket: minuteOf(at(0)), signIns: 9, failedSignIns: 9 },
      { bucket: minuteOf(at(360)), signIns: 9, failedSignIns: 9 },
    ])
    expect(chart).toEqual([
      { start: at(60).getTime(), signIns: 2, failedSignIns: 1 },
      { start: at(120).getTime(), signIns: 0, failedSignIns: 0 },
      { start: at(180).getTime(), signIns: 0, failedSignIns: 0 },
      { start: at(240).getTime(), signIns: 0, failedSignIns: 0 },
      { start: at(300).getTime(), signIns: 1, failedSignIns: 0 },
    ])
  })
})

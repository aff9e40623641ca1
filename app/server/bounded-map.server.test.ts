/**
 * The in-process cache bound (security.md REL-06): a million distinct client IPs never leave a
 * BoundedMap above its cap, it keeps what was used recently, and each operation stays cheap.
 */

import { describe, expect, it } from 'vitest'
import { BoundedMap } from './bounded-map.server.ts'

const ipv4 = (index: number) => `${(index >>> 24) & 255}.${(index >>> 16) & 255}.${(index >>> 8) & 255}.${index & 255}`

describe('BoundedMap', () => {
  it('stays at or under its cap after a million distinct client IPs, keeping the newest', () => {
    const cap = 10_000
    const map = new BoundedMap<string, number>(cap)
    let largest = 0
    const started = performance.now()
    for (let index = 1; index <= 1_000_000; index++) {
      map.set(ipv4(index), index)
      largest = Math.max(largest, map.size)
    }
    const ms = performance.now() - started
    console.log(`BoundedMap: 1M distinct IPs in ${Math.round(ms)} ms, largest size ${largest} (cap ${cap})`)
    expect(largest).toBeLessThanOrEqual(cap)
    expect(map.get(ipv4(1))).toBeUndefined()
    for (let index = 1_000_000 - cap / 2 + 1; index <= 1_000_000; index++) expect(map.get(ipv4(index))).toBe(index)
    // Linear, not quadratic: ~3 s on a loaded 2-core machine; evicting one key at a time took 23 s.
    expect(ms).toBeLessThan(12_000)
  }, 30_000)

  it('keeps a key that is read, and drops one that is not', () => {
    const map = new BoundedMap<string, number>(4)
    map.set('read', 0).set('unread', 0)
    for (let index = 0; index < 100; index++) {
      map.set(`other_${index}`, index)
      expect(map.get('read')).toBe(0)
      expect(map.size).toBeLessThanOrEqual(4)
    }
    expect(map.get('unread')).toBeUndefined()
  })

  it('replaces the value of a key it holds', () => {
    const map = new BoundedMap<string, number>(4)
    map.set('a', 1).set('b', 2).set('a', 3)
    expect([map.size, map.get('a'), map.get('b')]).toEqual([2, 3, 2])
    expect(map.delete('a')).toBe(true)
    expect([map.size, map.get('a')]).toEqual([1, undefined])
  })

  it('refuses a cap that bounds nothing', () => {
    expect(() => new BoundedMap(1)).toThrow(RangeError)
    expect(() => new BoundedMap(Number.POSITIVE_INFINITY)).toThrow(RangeError)
  })
})

/**
 * A Map that never holds more than `cap` entries, for in-process caches keyed by anything a
 * stranger controls (a User-Agent, an id in a URL), so distinct keys cannot grow the process's
 * memory (security.md REL-06).
 *
 * Two generations of at most `cap / 2` entries each: new keys go to the young one; when it is full
 * it becomes the old one and the previous old one is dropped whole; a key read from the old
 * generation moves back to the young one. So what was used recently stays, and every operation is
 * O(1). (Evicting the oldest key one at a time with `keys().next()` is not: V8 leaves deleted slots
 * in place until the table is rebuilt, and the iterator walks over them, so a full map of 10,000
 * took 23 s for a million distinct keys.)
 */
export class BoundedMap<K, V> {
  readonly #generation: number
  #young = new Map<K, V>()
  #old = new Map<K, V>()

  constructor(readonly cap: number) {
    if (!Number.isInteger(cap) || cap < 2) throw new RangeError(`a BoundedMap needs a cap of at least 2, not ${cap}`)
    this.#generation = Math.floor(cap / 2)
  }

  get size(): number {
    return this.#young.size + this.#old.size
  }

  get(key: K): V | undefined {
    if (this.#young.has(key)) return this.#young.get(key)
    if (!this.#old.has(key)) return undefined
    const value = this.#old.get(key) as V
    this.set(key, value)
    return value
  }

  set(key: K, value: V): this {
    if (this.#young.has(key)) {
      this.#young.set(key, value)
      return this
    }
    this.#old.delete(key)
    if (this.#young.size >= this.#generation) {
      this.#old = this.#young
      this.#young = new Map()
    }
    this.#young.set(key, value)
    return this
  }

  delete(key: K): boolean {
    const young = this.#young.delete(key)
    return this.#old.delete(key) || young
  }
}

import { describe, expect, it } from 'vitest'
import { ownEntry } from './registry.ts'

describe('a registry lookup', () => {
  const roles: Record<string, { name: string }> = { 'org:admin': { name: 'Admin' } }

  it('finds the registry’s own entries', () => {
    expect(ownEntry(roles, 'org:admin')).toEqual({ name: 'Admin' })
  })

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'])(
    'finds nothing for %j, which every object inherits',
    (name) => {
      expect(ownEntry(roles, name)).toBeUndefined()
    },
  )
})

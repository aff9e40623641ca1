import { afterEach, vi } from 'vitest'

// A console error or warning in a test is a bug the test did not expect: fail on it.
const calls: string[] = []
for (const method of ['error', 'warn'] as const) {
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
    calls.push(`console.${method}: ${args.map(String).join(' ')}`)
  })
}

afterEach(() => {
  const unexpected = calls.splice(0)
  if (unexpected.length > 0) throw new Error(`Unexpected console output:\n${unexpected.join('\n')}`)
})

import { describe, expect, it } from 'vitest'
import { componentOf, runExampleRoute } from './reference-route.ts'

const A = () => null
const B = () => null

describe("the page that stands in for a reference example's route", () => {
  it("renders the route's component, else the default export, else the one exported component", () => {
    expect(componentOf('x', { Route: { path: '/', options: { component: A } }, default: B })).toBe(A)
    expect(componentOf('x', { default: B, Other: A })).toBe(B)
    expect(componentOf('x', { Page: A, helper: () => 1, CONSTANT: 1 })).toBe(A)
    expect(() => componentOf('x', { Page: A, Other: B })).toThrow(/reference example x: no route component/)
    expect(() => componentOf('x', {})).toThrow(/no route component/)
  })

  it('runs beforeLoad, then loader with the router context and what beforeLoad added, as the router does', async () => {
    const seen: unknown[] = []
    const module = {
      Route: {
        options: {
          beforeLoad: ({ context }: { context: Record<string, unknown> }) => {
            seen.push(context)
            return { userId: 'user_1' }
          },
          loader: async ({ context }: { context: Record<string, unknown> }) => ({
            id: context.userId,
            app: context.app,
          }),
        },
      },
    }
    await expect(runExampleRoute(module, { app: 'tessera' })).resolves.toEqual({ id: 'user_1', app: 'tessera' })
    expect(seen).toEqual([{ app: 'tessera' }])
    await expect(runExampleRoute({ Route: { options: { component: A } } }, {})).resolves.toBeNull()
    await expect(runExampleRoute({ default: A }, {})).resolves.toBeNull()
  })

  it("throws what the example's beforeLoad throws (a redirect reaches the router)", async () => {
    const redirect = new Error('redirect')
    const module = { Route: { options: { beforeLoad: () => Promise.reject(redirect), loader: () => 1 } } }
    await expect(runExampleRoute(module, {})).rejects.toBe(redirect)
  })
})

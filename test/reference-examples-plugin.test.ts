import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXAMPLES_DIR, renderedExamples, rewriteImports } from './support/reference-examples.ts'
import { manifestCode, renderedName, renderSpecifier } from './support/reference-examples-plugin.ts'
import * as router from './support/reference-runtime/router.ts'

/** The rendering of the reference's examples (e2e/reference-examples.spec.ts renders them). */
describe('the examples the app renders', () => {
  it('are the components RESULTS.md lists as compiling against ours', () => {
    const table = [
      '| [a.1.tsx](https://x) | component | yes | yes |  |',
      '| [b.1.tsx](https://x) | component | no | yes | 4:10 TS2305 … |',
      '| [c.1.ts](https://x) | server | yes | yes |  |',
      '| [d.1.tsx](https://x) | component | yes (not counted) | no: … |  |',
      '| [e.1.tsx](https://x) | component | no (not counted) | no: … | … |',
    ].join('\n')
    expect(renderedExamples(table)).toEqual(['a.1.tsx', 'd.1.tsx'])
    expect(renderedExamples()).toContain('reference-hooks-use-auth.1.tsx')
    expect(renderedName('reference-hooks-use-auth.1.tsx')).toBe('reference-hooks-use-auth.1')
  })

  it('are listed by name with their source and a lazy import of the verbatim file', () => {
    const code = manifestCode(['reference-hooks-use-auth.1.tsx'])
    expect(code).toContain('"reference-hooks-use-auth.1": { source: "https://github.com/clerk/clerk-docs/blob/')
    expect(code).toContain('load: () => import("/test/reference-examples/reference-hooks-use-auth.1.tsx")')
  })

  it("have only their import specifiers changed: the reference's entries to ours, the reader's framework to adapters", () => {
    const example = 'reference-hooks-use-auth.1.tsx'
    const code = readFileSync(path.join(EXAMPLES_DIR, example), 'utf8')
    const rewritten = rewriteImports(code, (specifier) => renderSpecifier(example, specifier))
    expect(rewritten).toContain("import { useAuth } from '../../app/auth/index.ts'")
    expect(rewritten).toContain("import { createFileRoute } from '../support/reference-runtime/router.ts'")
    expect(rewritten.replace(/from '[^']+'/g, '')).toBe(code.replace(/from '[^']+'/g, ''))
    expect(renderSpecifier(example, 'next/navigation')).toBe('../support/reference-runtime/next-navigation.ts')
    expect(renderSpecifier(example, '@clerk/nextjs/server')).toBe('../../app/auth/server.ts')
    expect(renderSpecifier(example, 'react')).toBe('react')
    // Another example or a stand-in of the reader's app, beside it.
    expect(
      renderSpecifier(
        'guides-development-custom-flows-organizations-organization-switcher.1.tsx',
        '../components/create-organization',
      ),
    ).toBe('./shims/create-organization.tsx')
    expect(renderSpecifier('reference-hooks-use-reverification.3.tsx', './VerificationComponent')).toBe(
      './reference-hooks-use-reverification.4.tsx',
    )
  })

  it("see the router's own exports, but a createFileRoute that only captures the options", () => {
    const component = () => null
    const route = router.createFileRoute('/dashboard')({ component })
    expect(route.path).toBe('/dashboard')
    expect(route.options.component).toBe(component)
    expect(typeof router.redirect).toBe('function')
    expect(typeof router.Link).toBe('object')
  })
})

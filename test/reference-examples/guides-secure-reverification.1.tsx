// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/guides/secure/reverification.mdx#L108
// As rendered for the tanstack-react-start SDK; the docs name the file app/transfer/page.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
'use client'

import { useReverification } from '@clerk/nextjs'

export default function Page({ amount_in_cents }: { amount_in_cents: number }) {
  const transferMoney = useReverification(
    async () =>
      await fetch('/api/reverification-example', {
        method: 'POST',
        body: JSON.stringify({ amount_in_cents }),
      }),
  )

  return <button onClick={transferMoney}>Transfer</button>
}

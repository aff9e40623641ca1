// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/reference/hooks/use-reverification.mdx#L466
// As rendered for the tanstack-react-start SDK; the docs name the file src/components/AccountBalance.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { useReverification } from '@clerk/tanstack-react-start'
import { isReverificationCancelledError } from '@clerk/tanstack-react-start/errors'
import { useState } from 'react'

export function AccountBalance() {
  const [balance, setBalance] = useState<number | null>(null)
  const accountBalance = useReverification(async () => {
    const response = await fetch('/api/balance')
    return await response.json()
  })

  const handleClick = async () => {
    try {
      const accountBalanceResponse = await accountBalance()

      setBalance(accountBalanceResponse.amount)
    } catch (e) {
      // Handle if user cancels the reverification process
      if (isReverificationCancelledError(e)) {
        console.error('User cancelled reverification', e.code)
      }

      // Handle other errors
      // See https://clerk.com/docs/guides/development/custom-flows/error-handling
      // for more info on error handling
      console.error(JSON.stringify(e, null, 2))
    }
  }

  return (
    <div>
      <span>Your account balance is {balance ? `$${balance}` : '$******'}</span>
      <button onClick={() => handleClick()}>See account balance</button>
    </div>
  )
}

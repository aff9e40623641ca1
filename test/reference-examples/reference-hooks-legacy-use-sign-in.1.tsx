// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/reference/hooks/legacy/use-sign-in.mdx#L84
// As rendered for the tanstack-react-start SDK; the docs name the file app/routes/index.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { useSignIn } from '@clerk/tanstack-react-start/legacy'
import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/')({
  component: SignInPage,
})

export default function SignInPage() {
  const { isLoaded, signIn } = useSignIn()

  // Handle loading state
  if (!isLoaded) return <div>Loading...</div>

  return <div>The current sign-in attempt status is {signIn?.status}.</div>
}

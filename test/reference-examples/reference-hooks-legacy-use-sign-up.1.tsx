// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/reference/hooks/legacy/use-sign-up.mdx#L84
// As rendered for the tanstack-react-start SDK; the docs name the file app/routes/index.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { useSignUp } from '@clerk/tanstack-react-start/legacy'
import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/')({
  component: SignUpPage,
})

export default function SignUpPage() {
  const { isLoaded, signUp } = useSignUp()

  // Handle loading state
  if (!isLoaded) return <View>Loading...</View>

  return <div>The current sign-up attempt status is {signUp?.status}.</div>
}

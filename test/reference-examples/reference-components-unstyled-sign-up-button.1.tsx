// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/reference/components/unstyled/sign-up-button.mdx#L78
// As rendered for the tanstack-react-start SDK; the docs name the file app/routes/sign-up.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { SignUpButton } from '@clerk/tanstack-react-start'
import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/sign-up')({
  component: SignUp,
})

function SignUp() {
  return <SignUpButton />
}

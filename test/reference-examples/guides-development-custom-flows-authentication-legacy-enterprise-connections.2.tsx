// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/guides/development/custom-flows/authentication/legacy/enterprise-connections.mdx#L76
// As rendered for the tanstack-react-start SDK; the docs name the file app/sign-in/sso-callback/page.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { AuthenticateWithRedirectCallback } from '@clerk/nextjs'

export default function Page() {
  // Handle the redirect flow by calling the Clerk.handleRedirectCallback() method
  // or rendering the prebuilt <AuthenticateWithRedirectCallback/> component.
  // This is the final step in the custom Enterprise SSO flow.
  return <AuthenticateWithRedirectCallback />
}

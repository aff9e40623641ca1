// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/_partials/components/upgrade-guide-for-show.mdx#L25
// Shown on: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/reference/components/control/show.mdx
// As rendered for the tanstack-react-start SDK.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { Protect, SignedIn, SignedOut } from '@clerk/tanstack-react-start'
import { Show } from '@clerk/tanstack-react-start'

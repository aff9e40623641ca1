/**
 * Tessera's browser-side API, shaped like the reference SDK's: `useSession`, `useSessionList`,
 * `useUser`, `useAuth`, `useClerk`, the `Session` and `User` resources, the control components and
 * the unstyled buttons. Import from here.
 */

export type {
  AuthPageProps,
  ClientResource,
  RedirectOptions,
  SignInRedirectOptions,
  SignUpRedirectOptions,
  TesseraClerk,
} from './clerk.ts'
export { useClerk } from './clerk.ts'
export type {
  RedirectToSignInProps,
  RedirectToSignUpProps,
  ShowProps,
  ShowWhenCondition,
  SignInButtonProps,
  SignOutButtonProps,
  SignUpButtonProps,
} from './control.tsx'
export {
  ClerkLoaded,
  ClerkLoading,
  RedirectToSignIn,
  RedirectToSignUp,
  Show,
  SignedIn,
  SignedOut,
  SignInButton,
  SignOutButton,
  SignUpButton,
} from './control.tsx'

export type { PendingOption, UseAuthReturn, UseSessionListReturn, UseSessionReturn, UseUserReturn } from './hooks.ts'
export { useAuth, useSession, useSessionList, useSessionToken, useUser } from './hooks.ts'
export type { ProtectProps } from './protect.tsx'
export { Protect } from './protect.tsx'
export type { SetActiveParams, SignOutOptions } from './provider.tsx'
export { AuthProvider, useAuthContext, useEnvironment } from './provider.tsx'
export type {
  EmailAddressResource,
  IdentifierVerification,
  ImageResource,
  OrganizationMembershipResource,
  OrganizationResource,
  PasskeyResource,
  PhoneNumberResource,
  UpdateUserParams,
  UserResource,
} from './resources.ts'
export type { NeedsReverificationProps, UseReverificationOptions } from './reverification.ts'
export { useReverification } from './reverification.ts'
export type {
  ActiveSessionResource,
  AttemptFirstFactorParams,
  CheckAuthorizationParams,
  GetTokenOptions,
  PendingSessionResource,
  PrepareFirstFactorParams,
  ReverificationConfig,
  SessionVerificationLevel,
  SessionVerificationResource,
  SignedInSessionResource,
  TouchIntent,
} from './session.ts'
export { Session } from './session.ts'
export type { AuthStatus } from './state.ts'
export type { CachedToken } from './token-cache.ts'
export type { UserButtonProps } from './user-button.tsx'
export { UserButton } from './user-button.tsx'

/**
 * Tessera's browser-side API, shaped like the reference SDK's: `useSession`, `useSessionList`,
 * `useUser`, `useAuth`, the `Session` resource, and the classic `useSignIn()` / `useSignUp()` of
 * custom flows (also at ./legacy.ts, as the reference's `/legacy` entry has them). Import from here.
 */

export type {
  LegacySetActiveParams,
  UseSignInReturn,
  UseSignUpReturn,
} from './attempts.ts'
export { useSignIn, useSignUp } from './attempts.ts'

export type { PendingOption, UseAuthReturn, UseSessionListReturn, UseSessionReturn, UseUserReturn } from './hooks.ts'
export { useAuth, useSession, useSessionList, useSessionToken, useUser } from './hooks.ts'
export type { ProtectProps } from './protect.tsx'
export { Protect } from './protect.tsx'
export type { SetActiveParams, SignOutOptions } from './provider.tsx'
export { AuthProvider, useAuthContext, useEnvironment } from './provider.tsx'
export type {
  EmailAddressResource,
  OrganizationMembershipResource,
  OrganizationResource,
  PhoneNumberResource,
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
export type {
  AttemptSecondFactorParams,
  AuthenticateWithPasskeyParams,
  BackupCodeFactor,
  EmailCodeFactor,
  EnterpriseSSOFactor,
  PasskeyFactor,
  PasswordFactor,
  PhoneCodeFactor,
  PrepareSecondFactorParams,
  SignInCreateParams,
  SignInFactor,
  SignInFirstFactor,
  SignInResource,
  SignInSecondFactor,
  TOTPFactor,
} from './sign-in.ts'
export type { SignUpCreateParams, SignUpResource } from './sign-up.ts'
export type { AuthStatus } from './state.ts'
export type { CachedToken } from './token-cache.ts'

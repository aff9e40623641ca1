/**
 * Tessera's browser-side API, shaped like the reference SDK's: `useSession`, `useSessionList`,
 * `useUser`, `useAuth` and the `Session` resource. Import from here.
 */

export type { PendingOption, UseAuthReturn, UseSessionListReturn, UseSessionReturn, UseUserReturn } from './hooks.ts'
export { useAuth, useSession, useSessionList, useSessionToken, useUser } from './hooks.ts'
export type { ProtectProps } from './protect.tsx'
export { Protect } from './protect.tsx'
export type { SetActiveNavigate, SetActiveParams, SignOutOptions } from './provider.tsx'
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
  BackupCodeFactor,
  CheckAuthorizationParams,
  EmailCodeFactor,
  EnterpriseSSOFactor,
  GetTokenOptions,
  PasskeyFactor,
  PasswordFactor,
  PendingSessionResource,
  PhoneCodeFactor,
  PrepareFirstFactorParams,
  ReverificationConfig,
  SessionVerificationFirstFactor,
  SessionVerificationLevel,
  SessionVerificationResource,
  SessionVerificationSecondFactor,
  SessionVerificationStatus,
  SignedInSessionResource,
  TOTPFactor,
  TouchIntent,
} from './session.ts'
export { Session } from './session.ts'
export type { AuthStatus } from './state.ts'
export type { CachedToken } from './token-cache.ts'

/**
 * The reference's `/legacy` entry (`@clerk/tanstack-react-start/legacy`): the classic `useSignIn()`
 * and `useSignUp()` of its custom-flow guides, and their resources' types.
 */

export type { LegacySetActiveParams, UseSignInReturn, UseSignUpReturn } from './attempts.ts'
export { useSignIn, useSignUp } from './attempts.ts'
export type {
  BackupCodeFactor,
  EmailCodeFactor,
  EnterpriseSSOFactor,
  PasskeyFactor,
  PasswordFactor,
  PhoneCodeFactor,
  TOTPFactor,
} from './session.ts'
export type {
  AttemptFirstFactorParams,
  AttemptSecondFactorParams,
  AuthenticateWithPasskeyParams,
  PrepareFirstFactorParams,
  PrepareSecondFactorParams,
  SignInCreateParams,
  SignInFactor,
  SignInFirstFactor,
  SignInResource,
  SignInSecondFactor,
  SignInVerificationResource,
} from './sign-in.ts'
export type {
  AttemptVerificationParams,
  PrepareVerificationParams,
  SignUpCreateParams,
  SignUpField,
  SignUpResource,
} from './sign-up.ts'

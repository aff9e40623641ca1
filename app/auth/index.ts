/**
 * Tessera's browser-side API, shaped like the reference SDK's: `useSession`, `useSessionList`,
 * `useUser`, `useAuth`, `useClerk`, `useOrganization`, `useOrganizationList`, the `Session`, `User`
 * and organization resources, the control components and the unstyled buttons, and the classic
 * `useSignIn()` / `useSignUp()` of custom flows (also at ./legacy.ts, as the reference's `/legacy`
 * entry has them). Import from here.
 */

export type { OAuthProvider, OAuthStrategy } from '../session/factors.ts'
export type {
  LegacySetActiveParams,
  UseSignInReturn,
  UseSignUpReturn,
} from './attempts.ts'
export { useSignIn, useSignUp } from './attempts.ts'
export type {
  AuthPageProps,
  ClientResource,
  HandleEmailLinkVerificationParams,
  RedirectOptions,
  SignInRedirectOptions,
  SignUpRedirectOptions,
  TesseraClerk,
} from './clerk.ts'
export { useClerk } from './clerk.ts'
export type {
  AuthenticateWithRedirectCallbackProps,
  RedirectToSignInProps,
  RedirectToSignUpProps,
  ShowProps,
  ShowWhenCondition,
  SignInButtonProps,
  SignOutButtonProps,
  SignUpButtonProps,
} from './control.tsx'
export {
  AuthenticateWithRedirectCallback,
  ClerkLoaded,
  ClerkLoading,
  RedirectToCreateOrganization,
  RedirectToOrganizationProfile,
  RedirectToSignIn,
  RedirectToSignUp,
  RedirectToTasks,
  RedirectToUserProfile,
  Show,
  SignedIn,
  SignedOut,
  SignInButton,
  SignOutButton,
  SignUpButton,
} from './control.tsx'
export type {
  CreateEmailLinkFlowReturn,
  SignInStartEmailLinkFlowParams,
  StartEmailLinkFlowParams,
} from './email-link-flow.ts'
export type { PendingOption, UseAuthReturn, UseSessionListReturn, UseSessionReturn, UseUserReturn } from './hooks.ts'
export { useAuth, useSession, useSessionList, useSessionToken, useUser } from './hooks.ts'
export type {
  CreateOrganizationParams,
  SetActive,
  UseOrganizationListParams,
  UseOrganizationListReturn,
  UseOrganizationParams,
  UseOrganizationReturn,
} from './organization-hooks.ts'
export { useOrganization, useOrganizationList } from './organization-hooks.ts'
export type {
  AddMemberParams,
  ClerkPaginationParams,
  GetDomainsParams,
  GetInvitationsParams,
  GetMembershipRequestParams,
  GetMembersParams,
  GetRolesParams,
  GetRolesResponse,
  GetUserOrganizationInvitationsParams,
  GetUserOrganizationMembershipParams,
  GetUserOrganizationSuggestionsParams,
  InviteMemberParams,
  InviteMembersParams,
  OrganizationCustomRoleKey,
  OrganizationDomainResource,
  OrganizationEnrollmentMode,
  OrganizationInvitationResource,
  OrganizationInvitationStatus,
  OrganizationMembershipRequestResource,
  OrganizationPermissionKey,
  OrganizationSuggestionResource,
  PermissionResource,
  PublicUserData,
  RoleResource,
  SetOrganizationLogoParams,
  UpdateMembershipParams,
  UpdateOrganizationMembershipParams,
  UpdateOrganizationParams,
  UserOrganizationInvitationResource,
} from './organizations.ts'
export {
  Organization,
  OrganizationInvitation,
  OrganizationMembership,
  UserOrganizationInvitation,
} from './organizations.ts'
export type {
  ClerkPaginatedResponse,
  PagesOrInfiniteOptions,
  PaginatedHookConfig,
  PaginatedResources,
  PaginatedResourcesWithDefault,
} from './pagination.ts'
export type { ProtectProps } from './protect.tsx'
export { Protect } from './protect.tsx'
export type { SetActiveNavigate, SetActiveParams, SignOutOptions } from './provider.tsx'
export { AuthProvider, useAuthContext, useEnvironment } from './provider.tsx'
export type {
  AttemptPhoneNumberVerificationParams,
  BackupCodeResource,
  DeletedObjectResource,
  EmailAddressPrepareVerificationParams,
  EmailAddressResource,
  ExternalAccountResource,
  IdentifierVerification,
  ImageResource,
  OrganizationMembershipResource,
  OrganizationResource,
  PasskeyResource,
  PhoneNumberResource,
  SetReservedForSecondFactorParams,
  TOTPResource,
  UpdateUserParams,
  UpdateUserPasswordParams,
  UserResource,
  VerifyTOTPParams,
} from './resources.ts'
export type { NeedsReverificationProps, UseReverificationOptions } from './reverification.ts'
export { useReverification } from './reverification.ts'
export type {
  ActiveSessionResource,
  AttemptFirstFactorParams,
  BackupCodeFactor,
  CheckAuthorizationParams,
  EmailCodeFactor,
  EmailLinkFactor,
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
export type {
  AttemptSecondFactorParams,
  AuthenticateWithEnterpriseRedirectParams,
  AuthenticateWithPasskeyParams,
  AuthenticateWithRedirectParams,
  PrepareSecondFactorParams,
  SignInCreateParams,
  SignInFactor,
  SignInFirstFactor,
  SignInResource,
  SignInSecondFactor,
} from './sign-in.ts'
export type { SignUpCreateParams, SignUpResource } from './sign-up.ts'
export type { AuthStatus } from './state.ts'
export type { CachedToken } from './token-cache.ts'
export type { UserButtonProps } from './user-button.tsx'
export { UserButton } from './user-button.tsx'

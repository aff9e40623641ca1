/**
 * The error registry. Every error the system returns has a stable `code` (never parse messages),
 * an HTTP status, a message for developers and a message safe to show users.
 */

import { describeDuration } from './durations.ts'
import type { JsonValue } from './json.ts'
import {
  BACKUP_CODE_LENGTH,
  CODE_RESEND_COOLDOWN_SECONDS,
  EMAIL_LINK_TTL_SECONDS,
  INVITATION_TTL_SECONDS,
  ONE_TIME_CODE_DIGITS,
  ONE_TIME_CODE_TTL_SECONDS,
  SESSION_VERIFICATION_TTL_SECONDS,
  SIGN_IN_ATTEMPT_TTL_SECONDS,
  WEBAUTHN_CHALLENGE_TTL_SECONDS,
} from './policy.ts'

export interface ErrorSpec {
  status: number
  /** For developers and logs. Never shown to users, never parsed. */
  message: string
  /** Safe to show to the person using the app. */
  userMessage: string
}

/** Every error, by code: the registry the codes, their type and the checks derive from. */
export const ERRORS = {
  invalid_input: {
    status: 400,
    message: 'The request input failed validation; see meta.issues.',
    userMessage: 'Some of the information you entered is not valid.',
  },
  cross_origin_request: {
    status: 403,
    message: 'Rejected by the CSRF check: the request is not same-origin (Origin / Sec-Fetch-Site).',
    userMessage: 'That request came from another site and was blocked.',
  },
  signed_out: {
    status: 401,
    message: 'No signed-in session authenticates this request.',
    userMessage: 'You are signed out. Please sign in again.',
  },
  session_pending: {
    status: 403,
    message: 'The session is pending: it must complete its session tasks before it can do this.',
    userMessage: 'Finish setting up your account to continue.',
  },
  invalid_credentials: {
    status: 422,
    message: 'The identifier or the password is wrong (which one is deliberately not said).',
    userMessage: 'That email and password do not match an account.',
  },
  identifier_exists: {
    status: 422,
    message: 'An account with this email address already exists.',
    userMessage: 'An account with this email address already exists. Try signing in instead.',
  },
  password_too_short: {
    status: 422,
    message: 'The password is shorter than the instance minimum; see meta.minLength.',
    userMessage: 'Your password is too short.',
  },
  password_too_long: {
    status: 422,
    message: 'The password is longer than the maximum; see meta.maxLength.',
    userMessage: 'Your password is too long.',
  },
  password_too_common: {
    status: 422,
    message: 'The password is on the blocklist of common or context-specific passwords.',
    userMessage: 'This password is too common or too easy to guess. Please choose another.',
  },
  session_not_found: {
    status: 404,
    message: 'No session with this id belongs to the signed-in user on this client.',
    userMessage: 'That session could not be found.',
  },
  session_not_signed_in: {
    status: 409,
    message: 'The session is no longer signed in (ended, removed, revoked, replaced, expired or abandoned).',
    userMessage: 'That session has already ended.',
  },
  session_is_current: {
    status: 409,
    message: 'This is the session making the request; sign out instead of revoking it.',
    userMessage: 'This is the device you are using. Sign out instead.',
  },
  max_sessions_reached: {
    status: 409,
    message: 'This client already holds the maximum number of signed-in sessions; see meta.limit.',
    userMessage: 'You are signed in to too many accounts in this browser. Sign out of one first.',
  },
  rate_limited: {
    status: 429,
    message:
      'Too many requests of this kind from this address or for this identifier; retry after meta.retryAfterSeconds.',
    userMessage: 'Too many attempts. Please wait a moment and try again.',
  },
  user_locked: {
    status: 403,
    message:
      'The account (or identifier) is locked after too many failed verifications; it unlocks after meta.lockoutExpiresInSeconds, or by the link emailed to the owner.',
    userMessage:
      'Signing in is locked after too many failed attempts. If this is your account, we emailed you a link to unlock it.',
  },
  unlock_link_invalid: {
    status: 410,
    message: 'This unlock link is not valid: already used, expired (the lock has ended), or never issued.',
    userMessage: 'This unlock link has already been used or has expired. Try signing in.',
  },
  email_link_invalid: {
    status: 410,
    message: 'This email link is not valid: already used, replaced by a newer one, its flow given up, or never issued.',
    userMessage: 'This link has already been used or is no longer valid. Ask for a new one.',
  },
  email_link_expired: {
    status: 410,
    message: `This email link is older than ${describeDuration(EMAIL_LINK_TTL_SECONDS)} (or its sign-in or sign-up ended); ask for a new one.`,
    userMessage: 'This link has expired. Ask for a new one.',
  },
  email_link_client_mismatch: {
    status: 403,
    message:
      'This email link must be opened in the browser that asked for it (factors.emailLinkRequireSameClient); it was not spent.',
    userMessage: 'Open this link on the device and in the browser where you asked for it.',
  },
  sign_in_not_found: {
    status: 404,
    message: 'This browser has no sign-in in progress (never started, finished, cancelled or replaced); start again.',
    userMessage: 'Your sign-in was interrupted. Please start again.',
  },
  sign_in_expired: {
    status: 410,
    message: `The sign-in attempt is older than ${describeDuration(SIGN_IN_ATTEMPT_TTL_SECONDS)}; start again.`,
    userMessage: 'Your sign-in took too long. Please start again.',
  },
  sign_in_step_invalid: {
    status: 409,
    message: 'This step does not apply to the sign-in in its current state (e.g. a second factor before the first).',
    userMessage: 'That step is not available right now. Please start again.',
  },
  sign_up_not_found: {
    status: 404,
    message: 'This browser has no sign-up in progress (never started, finished, cancelled or replaced); start again.',
    userMessage: 'Your sign-up was interrupted. Please start again.',
  },
  sign_up_expired: {
    status: 410,
    message: `The sign-up attempt is older than ${describeDuration(SIGN_IN_ATTEMPT_TTL_SECONDS)}; start again.`,
    userMessage: 'Your sign-up took too long. Please start again.',
  },
  strategy_not_allowed: {
    status: 422,
    message:
      'This verification strategy is not offered here (disabled on this instance, or not enrolled); see meta.strategy.',
    userMessage: 'That way of verifying is not available. Please choose another.',
  },
  code_malformed: {
    status: 400,
    message: `A one-time code is exactly ${ONE_TIME_CODE_DIGITS} digits (a backup code ${BACKUP_CODE_LENGTH} letters and digits); this is neither.`,
    userMessage: 'Enter the code exactly as you received it.',
  },
  code_incorrect: {
    status: 422,
    message:
      'The code does not match; it still counts as a failed attempt (meta.remainingAttempts left for this code).',
    userMessage: 'That code is incorrect.',
  },
  code_expired: {
    status: 422,
    message: `The code is older than ${describeDuration(ONE_TIME_CODE_TTL_SECONDS)} (or its time step has passed); request a new one.`,
    userMessage: 'That code has expired. Request a new one.',
  },
  code_reused: {
    status: 409,
    message: 'The code was right but has already been used (codes are single use).',
    userMessage: 'That code has already been used.',
  },
  code_attempts_exceeded: {
    status: 429,
    message: 'This code had too many wrong tries and no longer works; request a new one.',
    userMessage: 'Too many wrong codes. Request a new code.',
  },
  code_not_sent: {
    status: 409,
    message: 'No code is outstanding for this step: prepare (send) one first.',
    userMessage: 'Request a code first.',
  },
  code_resend_too_soon: {
    status: 429,
    message: `A code was sent less than ${describeDuration(CODE_RESEND_COOLDOWN_SECONDS)} ago; retry after meta.retryAfterSeconds.`,
    userMessage: 'Please wait a little before asking for another code.',
  },
  password_incorrect: {
    status: 422,
    message: 'The current password is wrong (it counts as a failed attempt toward the lockout).',
    userMessage: 'Your current password is incorrect.',
  },
  passkey_challenge_invalid: {
    status: 400,
    message: `The passkey response answers a challenge we did not issue, already used, or let expire (${describeDuration(WEBAUTHN_CHALLENGE_TTL_SECONDS)}).`,
    userMessage: 'That passkey request has expired. Please try again.',
  },
  passkey_verification_failed: {
    status: 422,
    message:
      'The passkey assertion or attestation did not verify (unknown credential, bad signature, wrong origin, or no user verification).',
    userMessage: 'Your passkey could not be verified. Please try again.',
  },
  passkey_not_found: {
    status: 404,
    message: 'No passkey with this id belongs to the signed-in user.',
    userMessage: 'That passkey could not be found.',
  },
  identifier_not_found: {
    status: 404,
    message: 'No email address or phone number with this id belongs to the signed-in user.',
    userMessage: 'That email address or phone number could not be found.',
  },
  identifier_already_verified: {
    status: 409,
    message: 'This email address or phone number is already verified.',
    userMessage: 'That is already verified.',
  },
  too_many_identifiers: {
    status: 409,
    message: 'The user already has the maximum number of email addresses, phone numbers or passkeys; see meta.limit.',
    userMessage: 'You have reached the maximum number allowed. Remove one first.',
  },
  last_identifier: {
    status: 409,
    message: 'The primary email address cannot be removed; make another verified address primary first.',
    userMessage: 'You cannot remove your primary email address. Make another address primary first.',
  },
  factor_required: {
    status: 409,
    message:
      'Removing this would leave the account without a way to sign in or without a required factor; see meta.reason.',
    userMessage: 'You cannot remove this: you would have no other way to sign in.',
  },
  totp_already_enabled: {
    status: 409,
    message: 'An authenticator app is already set up; remove it before setting up another.',
    userMessage: 'An authenticator app is already set up.',
  },
  totp_not_enrolled: {
    status: 409,
    message: 'No authenticator app is set up (or its set-up was not started or has expired).',
    userMessage: 'No authenticator app is set up. Start again.',
  },
  backup_codes_unavailable: {
    status: 409,
    message: 'Backup codes back up a second factor; set up an authenticator app or SMS codes first.',
    userMessage: 'Set up an authenticator app or text-message codes first.',
  },
  password_compromised: {
    status: 422,
    message:
      'The password is right but was marked compromised: it never signs in alone. Continue with another first factor (meta.strategies).',
    userMessage: 'This password can no longer be used. Confirm it is you with a code, then choose a new password.',
  },
  password_reused: {
    status: 422,
    message: 'The new password is the compromised one it replaces.',
    userMessage: 'Choose a password you have not used here before.',
  },
  task_unknown: {
    status: 400,
    message: 'No session task has this key; see app/session/tasks.ts for the registry.',
    userMessage: 'That step does not exist.',
  },
  task_not_owed: {
    status: 409,
    message: 'The session does not owe this task (it is not pending, or the task is done or was never required).',
    userMessage: 'This step is already done.',
  },
  task_out_of_order: {
    status: 409,
    message: 'Session tasks are completed in order; meta.currentTask is the one to complete first.',
    userMessage: 'Please finish the previous step first.',
  },
  task_incomplete: {
    status: 409,
    message: 'The task was reported done, but what it asks for is still missing; see meta.task.',
    userMessage: 'This step is not finished yet.',
  },
  organization_not_found: {
    status: 404,
    message: 'No organization with this id (or slug) has the signed-in user as a member.',
    userMessage: 'That organization could not be found.',
  },
  organization_forbidden: {
    status: 403,
    message: "The member's role lacks the permission this operation needs; see meta.permission.",
    userMessage: 'Your role in this organization does not allow this.',
  },
  organization_slug_taken: {
    status: 409,
    message: 'Another organization already has this slug.',
    userMessage: 'That URL is taken. Please choose another.',
  },
  organization_feature_unavailable: {
    status: 422,
    message:
      "This instance's organizations do not have the reference's feature in meta.feature (logos, domains, membership requests, adding a member without an invitation).",
    userMessage: 'This is not available for organizations here.',
  },
  organizations_disabled: {
    status: 403,
    message: 'Organizations are switched off for this instance (app.config.ts organizations.enabled).',
    userMessage: 'Organizations are not available.',
  },
  personal_account_not_allowed: {
    status: 409,
    message: 'This instance requires every session to act for an organization; the personal account cannot be chosen.',
    userMessage: 'Please choose an organization.',
  },
  membership_not_found: {
    status: 404,
    message: 'No membership with this id belongs to this organization.',
    userMessage: 'That member could not be found.',
  },
  role_not_found: {
    status: 422,
    message: 'No role with this key is defined (app.config.ts organizations.roles).',
    userMessage: 'That role does not exist.',
  },
  role_not_assignable: {
    status: 403,
    message: 'A member may only give, change or take away roles that grant nothing they lack themselves.',
    userMessage: 'You cannot give or change a role with more access than your own.',
  },
  organization_last_manager: {
    status: 409,
    message: 'This would leave the organization without a member who can manage members.',
    userMessage: 'The organization needs at least one admin. Make someone else an admin first.',
  },
  already_member: {
    status: 409,
    message: 'The user is already a member of this organization.',
    userMessage: 'Already a member of this organization.',
  },
  too_many_memberships: {
    status: 409,
    message: 'The user belongs to the maximum number of organizations; see meta.limit.',
    userMessage: 'You belong to the maximum number of organizations. Leave one first.',
  },
  too_many_members: {
    status: 409,
    message: 'The organization has the maximum number of members or outstanding invitations; see meta.limit.',
    userMessage: 'This organization has reached its member limit.',
  },
  too_many_invitations: {
    status: 409,
    message: 'The organization has the maximum number of outstanding invitations; see meta.limit.',
    userMessage: 'Too many invitations are waiting. Revoke some first.',
  },
  invitation_not_found: {
    status: 404,
    message: 'No invitation matches this link or id (or it belongs to another organization).',
    userMessage: 'This invitation link is not valid.',
  },
  invitation_expired: {
    status: 410,
    message: `The invitation expired (${describeDuration(INVITATION_TTL_SECONDS)} after it was sent); ask for a new one.`,
    userMessage: 'This invitation has expired. Ask for a new one.',
  },
  invitation_used: {
    status: 409,
    message: 'The invitation was already accepted or was revoked; invitations are single use.',
    userMessage: 'This invitation has already been used or was withdrawn.',
  },
  invitation_email_mismatch: {
    status: 403,
    message: 'The invitation is for an email address the signed-in user has not verified.',
    userMessage: 'This invitation was sent to another email address. Sign in with that address, or add and verify it.',
  },
  reverification_required: {
    status: 403,
    message:
      'This action needs a recent verification: meta.level and meta.afterMinutes say which factors, and how recent. Verify, then retry.',
    userMessage: 'Please confirm it is you to continue.',
  },
  reverification_cancelled: {
    status: 403,
    message: 'The user closed the verification dialog; the action was not performed.',
    userMessage: 'Verification cancelled. Nothing was changed.',
  },
  verification_missing: {
    status: 400,
    message: 'No verification is in progress for this session: start one (startVerification) first.',
    userMessage: 'Your verification was interrupted. Please start again.',
  },
  verification_step_invalid: {
    status: 409,
    message: 'This step does not apply to the verification now (wrong order, or already complete).',
    userMessage: 'That step is not available right now. Please start again.',
  },
  verification_expired: {
    status: 410,
    message: `The verification is older than ${describeDuration(SESSION_VERIFICATION_TTL_SECONDS)}; start a new one.`,
    userMessage: 'Your verification took too long. Please start again.',
  },
  verification_attempts_exceeded: {
    status: 429,
    message: 'Too many wrong answers for this verification; start a new one (each also counted toward the lockout).',
    userMessage: 'Too many failed attempts. Please start again.',
  },
  token_malformed: {
    status: 401,
    message: 'The session token is not a well-formed JWT.',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_too_large: {
    status: 401,
    message: 'The session token is larger than 8 KB and was not parsed.',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_header_invalid: {
    status: 401,
    message:
      'The token header is refused: an algorithm outside the allow-list, a wrong typ, or embedded key material (jwk, jku, x5u, x5c, crit).',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_key_unknown: {
    status: 401,
    message: 'The token names a key (kid) that is not one of ours, or one that was revoked.',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_signature_invalid: {
    status: 401,
    message: 'The token signature does not verify: it was tampered with or signed by another key.',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_expired: {
    status: 401,
    message: 'The token has expired (exp, with 5 s of leeway); get a new one.',
    userMessage: 'Your session needs refreshing. Please try again.',
  },
  token_not_yet_valid: {
    status: 401,
    message: 'The token is not valid yet (nbf, with 5 s of leeway): a clock is off.',
    userMessage: 'Your session could not be verified. Please check your device clock.',
  },
  token_issuer_invalid: {
    status: 401,
    message: 'The token was issued by another issuer (iss).',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_audience_invalid: {
    status: 401,
    message: 'The token was minted for another origin (azp).',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  token_claims_invalid: {
    status: 401,
    message: 'The token lacks a claim a session token must carry (sub, sid, jti, v = 2).',
    userMessage: 'Your session could not be verified. Please sign in again.',
  },
  template_not_found: {
    status: 404,
    message: 'No JWT template has this name in app.config.ts.',
    userMessage: 'That token type does not exist.',
  },
  image_invalid: {
    status: 422,
    message:
      'The file is not an image of an accepted type (JPEG, PNG or WebP), or it cannot be decoded; see meta.reason.',
    userMessage: 'Choose a JPEG, PNG or WebP image.',
  },
  image_too_large: {
    status: 413,
    message: 'The image is over the size limit (meta.maxBytes) or has too many pixels (meta.maxPixels).',
    userMessage: 'That image is too large. Choose one under 5 MB.',
  },
  metadata_too_large: {
    status: 422,
    message: 'The metadata is over its size limit as compact JSON (meta.maxBytes).',
    userMessage: 'That is more data than an account can hold.',
  },
  username_not_enabled: {
    status: 422,
    message: 'Usernames are off for this instance (app.config.ts users.usernames).',
    userMessage: 'Usernames are not used here.',
  },
  username_taken: {
    status: 422,
    message: 'Another account has this username (compared without case).',
    userMessage: 'That username is taken. Try another.',
  },
  offline: {
    status: 503,
    message: 'The browser could not reach the server after several retries (it reports being offline).',
    userMessage: 'You appear to be offline. Check your connection and try again.',
  },
  not_found: {
    status: 404,
    message: 'Nothing exists at this address.',
    userMessage: 'We could not find that page.',
  },
  method_not_allowed: {
    status: 405,
    message: 'This address is called with another HTTP method (see meta.allow).',
    userMessage: 'That request cannot be made this way.',
  },
  payload_too_large: {
    status: 413,
    message: 'The request body is larger than this endpoint accepts (see meta.maxBytes); nothing was read past it.',
    userMessage: 'That request is too large.',
  },
  request_aborted: {
    status: 400,
    message: 'The client closed the connection before the request was complete (nobody reads this answer).',
    userMessage: 'The request was interrupted. Please try again.',
  },
  secret_key_invalid: {
    status: 401,
    message:
      'The Backend API needs `Authorization: Bearer <secret key>` with a secret key of this instance that is not revoked (which of these failed is deliberately not said).',
    userMessage: 'The secret key is not valid.',
  },
  secret_key_not_found: {
    status: 404,
    message: 'No secret key has this id.',
    userMessage: 'That secret key could not be found.',
  },
  admin_forbidden: {
    status: 403,
    message: 'The caller is not an instance admin, or their admin role lacks meta.permission.',
    userMessage: 'You do not have access to this part of the admin console.',
  },
  user_not_found: {
    status: 404,
    message: 'No user has this id.',
    userMessage: 'That user could not be found.',
  },
  user_banned: {
    status: 403,
    message: 'The account is banned by an administrator: it cannot sign in or be impersonated.',
    userMessage: 'This account has been suspended. Contact support if you think this is a mistake.',
  },
  admin_action_refused: {
    status: 403,
    message:
      'An admin may not do this to this account; meta.reason is self (use the account pages) or target_is_admin (only an owner acts on another admin).',
    userMessage: 'You cannot do this to your own account or to another administrator.',
  },
  impersonation_forbidden: {
    status: 403,
    message:
      'The session is impersonated (its JWT carries act): sensitive actions, step-up verification and admin actions are refused.',
    userMessage: 'This action is not allowed during impersonation.',
  },
  impersonation_refused: {
    status: 403,
    message:
      'This admin may not impersonate this user; meta.reason is self, nested, forbidden, target_is_admin or target_banned.',
    userMessage: 'You cannot impersonate this user.',
  },
  not_impersonating: {
    status: 409,
    message: 'The session has no impersonating actor, so there is no impersonation to stop.',
    userMessage: 'You are not impersonating anyone.',
  },
  actor_token_not_found: {
    status: 404,
    message: 'No actor token (impersonation or agent link) has this value or id.',
    userMessage: 'This link is not valid.',
  },
  actor_token_used: {
    status: 409,
    message: 'The actor token was already redeemed; each is single use.',
    userMessage: 'This link has already been used.',
  },
  actor_token_expired: {
    status: 410,
    message: 'The actor token expired before it was redeemed.',
    userMessage: 'This link has expired. Ask for a new one.',
  },
  actor_token_revoked: {
    status: 409,
    message: 'The actor token was revoked before it was redeemed.',
    userMessage: 'This link was cancelled.',
  },
  actor_token_not_revocable: {
    status: 409,
    message: 'Only a pending actor token can be revoked; end its session instead.',
    userMessage: 'This link was already used; revoke its session instead.',
  },
  too_many_agent_tasks: {
    status: 429,
    message: 'The user has too many unredeemed agent links; revoke some or wait for them to expire.',
    userMessage: 'You have too many unused agent links. Revoke some first.',
  },
  plan_not_found: {
    status: 404,
    message: 'No plan with this key exists for this kind of payer (app.config.ts plans).',
    userMessage: 'That plan does not exist.',
  },
  second_factor_code_required: {
    status: 409,
    message:
      'A number receives second-factor codes only after a code texted to it now comes back: prepareVerification(), then attemptVerification({ code, reserveForSecondFactor: true }).',
    userMessage: 'Confirm the code we text to this number to use it for two-step verification.',
  },
  factor_not_found: {
    status: 404,
    message: 'The user has no factor of this kind with this id.',
    userMessage: 'That sign-in method could not be found.',
  },
  webhook_endpoint_not_found: {
    status: 404,
    message: 'No webhook endpoint has this id.',
    userMessage: 'That webhook endpoint could not be found.',
  },
  webhook_url_invalid: {
    status: 422,
    message:
      'A webhook URL must be absolute http(s) without credentials, and https in production unless it is a loopback address; meta.reason says which rule failed.',
    userMessage: 'Enter a full https:// URL.',
  },
  webhook_delivery_not_found: {
    status: 404,
    message: 'No webhook delivery has this id.',
    userMessage: 'That delivery could not be found.',
  },
  sso_connection_not_found: {
    status: 404,
    message: 'No enterprise connection has this id.',
    userMessage: 'That single sign-on connection could not be found.',
  },
  sso_connection_disabled: {
    status: 403,
    message: 'The enterprise connection is disabled; nothing signs in through it until an admin enables it.',
    userMessage: 'Single sign-on for your organization is turned off. Ask your administrator.',
  },
  sso_issuer_invalid: {
    status: 422,
    message:
      'The issuer must be an https URL (http only for a loopback IdP) without credentials, query or fragment; see meta.reason.',
    userMessage: "Enter the IdP's issuer URL, starting with https://.",
  },
  sso_discovery_invalid: {
    status: 422,
    message:
      "The IdP's discovery document is missing, malformed, or names another issuer than the one configured (ASVS 10.5.3); see meta.reason.",
    userMessage: "The identity provider's configuration could not be validated. Check the issuer URL.",
  },
  sso_domain_invalid: {
    status: 422,
    message:
      'A domain must be a host name with a top-level domain (internationalised names in xn-- form); see meta.domain.',
    userMessage: 'Enter email domains such as example.com.',
  },
  sso_domain_taken: {
    status: 409,
    message: 'Another enterprise connection already owns this email domain; see meta.domain.',
    userMessage: 'Another connection already uses that email domain.',
  },
  sso_transaction_missing: {
    status: 400,
    message: "The callback came without this browser's SSO transaction cookie; nothing was signed in (ASVS 7.6.2).",
    userMessage: 'Your sign-in could not be completed in this browser. Please start again.',
  },
  sso_state_invalid: {
    status: 400,
    message: "The callback's state matches no SSO transaction of this browser.",
    userMessage: 'Your sign-in link is not valid. Please start again.',
  },
  sso_state_used: {
    status: 409,
    message: 'The SSO transaction named by this state has already been used (each is single use).',
    userMessage: 'That sign-in link has already been used. Please start again.',
  },
  sso_state_expired: {
    status: 400,
    message: 'The SSO transaction expired before the IdP sent the browser back.',
    userMessage: 'Your sign-in took too long. Please start again.',
  },
  sso_connection_mismatch: {
    status: 400,
    message:
      "The state belongs to a transaction of another enterprise connection than this callback's (a mix-up; VULN-12).",
    userMessage: 'Your sign-in link is not valid. Please start again.',
  },
  sso_idp_refused: {
    status: 400,
    message: 'The IdP answered the authorization request with an error (for example access_denied); see meta.error.',
    userMessage: 'Your identity provider did not sign you in.',
  },
  sso_code_rejected: {
    status: 400,
    message: "The IdP's token endpoint refused the authorization code.",
    userMessage: 'Your identity provider did not confirm the sign-in. Please start again.',
  },
  sso_issuer_mismatch: {
    status: 400,
    message:
      "The ID token or the authorization response names another issuer than the connection's (ASVS 10.2.2, RFC 9207).",
    userMessage: 'Your identity provider could not be verified.',
  },
  sso_nonce_mismatch: {
    status: 400,
    message: "The ID token's nonce is not the one this transaction sent (a replayed or injected token; ASVS 10.5.1).",
    userMessage: 'Your identity provider could not be verified.',
  },
  sso_audience_invalid: {
    status: 400,
    message: 'The ID token was issued for another client (aud), or several audiences without our azp (ASVS 10.5.4).',
    userMessage: 'Your identity provider could not be verified.',
  },
  sso_token_algorithm_invalid: {
    status: 400,
    message: 'The ID token is unsigned (alg none) or signed with an algorithm other than RS256 (ASVS 6.8.2).',
    userMessage: 'Your identity provider could not be verified.',
  },
  sso_token_signature_invalid: {
    status: 400,
    message: "The ID token's signature does not verify against the IdP's published keys (ASVS 6.8.2).",
    userMessage: 'Your identity provider could not be verified.',
  },
  sso_token_expired: {
    status: 400,
    message: 'The ID token has expired (exp) or is not yet valid.',
    userMessage: 'Your sign-in took too long. Please start again.',
  },
  sso_auth_time_invalid: {
    status: 400,
    message: 'The ID token has no auth_time, or one older than max_age allows (ASVS 7.6.1); see meta.reason.',
    userMessage: 'Please sign in at your identity provider again.',
  },
  sso_token_invalid: {
    status: 400,
    message: "The IdP's token response or ID token failed validation (missing or malformed claims).",
    userMessage: 'Your identity provider could not be verified.',
  },
  sso_idp_unreachable: {
    status: 502,
    message: 'The IdP could not be reached (connection refused, DNS, TLS), or answered with something other than OIDC.',
    userMessage: 'Your identity provider cannot be reached right now. Please try again later.',
  },
  sso_idp_timeout: {
    status: 504,
    message: 'The IdP did not answer within SSO_HTTP_TIMEOUT_SECONDS.',
    userMessage: 'Your identity provider is not responding. Please try again later.',
  },
  sso_email_missing: {
    status: 422,
    message: 'The IdP sent no usable email claim for an identity not yet linked, so no account can be found or made.',
    userMessage: 'Your identity provider did not share your email address.',
  },
  sso_email_domain_mismatch: {
    status: 403,
    message: "The IdP asserted an email outside the connection's domains for an identity not yet linked.",
    userMessage: "Your email address does not belong to this organization's sign-in.",
  },
  sso_email_not_verified: {
    status: 403,
    message:
      'An account here has verified this email, but the IdP does not say email_verified: true, so it is not linked (VULN-14).',
    userMessage:
      'Your organization has not verified your email address, so it cannot be linked to your existing account.',
  },
  sso_local_email_unverified: {
    status: 409,
    message: 'An account here holds this email unverified; it is never linked to an IdP identity (VULN-14).',
    userMessage: 'An account with this email address exists but was never verified. Contact support to link it.',
  },
  sso_identity_mismatch: {
    status: 403,
    message: "The IdP signed in an identity that is not linked to this session's user (reverification).",
    userMessage: 'You signed in at your identity provider as someone else.',
  },
  oauth_provider_disabled: {
    status: 403,
    message:
      'This social sign-in provider is not enabled on the instance (app.config.ts social.<provider>), or its client secret is not in the environment.',
    userMessage: 'That way of signing in is not available.',
  },
  oauth_provider_mismatch: {
    status: 400,
    message: "The state belongs to a trip to another provider than this callback's (a mix-up; VULN-12).",
    userMessage: 'Your sign-in link is not valid. Please start again.',
  },
  oauth_email_missing: {
    status: 422,
    message: 'The provider shared no email address for an identity not yet linked, so no account can be found or made.',
    userMessage: 'That account did not share an email address with us, so it cannot be used to sign in.',
  },
  oauth_email_not_verified: {
    status: 403,
    message:
      'The provider does not say it verified the address of an identity not yet linked: it is neither linked to an account nor made one (VULN-14).',
    userMessage: 'That account has not verified its email address. Verify it there, then try again.',
  },
  oauth_local_email_unverified: {
    status: 409,
    message: 'An account here holds this email unverified; it is never linked to a social identity (VULN-14).',
    userMessage:
      'An account with this email address exists but its address was never verified. Sign in another way, verify it, then connect this account.',
  },
  oauth_account_taken: {
    status: 409,
    message: 'This social identity is already connected to another user.',
    userMessage: 'That account is already connected to another user.',
  },
  external_account_not_found: {
    status: 404,
    message: 'The user has no connected account with this id.',
    userMessage: 'That connected account could not be found.',
  },
  not_implemented: {
    status: 501,
    message: 'This part of the Session API is not available in this version of Tessera yet.',
    userMessage: 'This is not available yet.',
  },
  service_unavailable: {
    status: 503,
    message: 'A dependency (usually the database) is unavailable; retry after meta.retryAfterSeconds.',
    userMessage: 'The service is briefly unavailable. Please try again in a moment.',
  },
  server_busy: {
    status: 503,
    message:
      'The server is working on as many requests as it admits and its queue is full or the wait ran out; retry after meta.retryAfterSeconds.',
    userMessage: 'We are busy right now. Please try again in a moment.',
  },
  sealed_secret_unavailable: {
    status: 503,
    message:
      'A value sealed under TESSERA_SECRET does not open with TESSERA_SECRET or TESSERA_SECRET_PREVIOUS (the log names the fix).',
    userMessage: 'The service is unavailable. Please try again later.',
  },
  internal_error: {
    status: 500,
    message: 'An unexpected error occurred; details are in the server log.',
    userMessage: 'Something went wrong on our side. Please try again.',
  },
} satisfies Record<string, ErrorSpec>

export type ErrorCode = keyof typeof ERRORS

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[]

export type ErrorMeta = { [key: string]: JsonValue }

/** The plain shape of an error on the wire. */
export interface ErrorPayload {
  code: ErrorCode
  status: number
  message: string
  userMessage: string
  meta?: ErrorMeta
}

/**
 * One entry of an error's `errors` list, as the reference's `ClerkAPIError` has it: our `code`, the
 * user message (`message`), the user message completed with what the metadata adds
 * (`longMessage`: time to wait, tries left) and the metadata, camel-cased as ours already is.
 * An `invalid_input` error has one entry per field, with the field in `meta.paramName`.
 */
export interface ApiErrorEntry {
  code: ErrorCode
  message: string
  longMessage: string
  meta: ErrorMeta & { paramName?: string }
}

const metaNumber = (payload: ErrorPayload, key: string) => {
  const value = payload.meta?.[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** The user message, completed with what the error's metadata adds: time to wait, tries left. */
export function describeError(payload: ErrorPayload): string {
  const wait = metaNumber(payload, 'lockoutExpiresInSeconds') ?? metaNumber(payload, 'retryAfterSeconds')
  if (wait !== null) return `${payload.userMessage} Try again in ${describeDuration(wait)}.`
  const tries = (n: number) => `${n} ${n === 1 ? 'try' : 'tries'}`
  // Few tries left before the lockout (the same for every identifier, with or without an account).
  const beforeLock = metaNumber(payload, 'attemptsBeforeLockout')
  const warning = beforeLock !== null ? ` ${tries(beforeLock)} left before signing in is locked.` : ''
  const left = metaNumber(payload, 'remainingAttempts')
  if (left !== null && left > 0 && warning === '') return `${payload.userMessage} ${tries(left)} left.`
  if (left === 0) return `${payload.userMessage} Request a new code.${warning}`
  return `${payload.userMessage}${warning}`
}

/** The reference's `errors[]` for an error payload (see `ApiErrorEntry`). */
export function apiErrorEntries(payload: ErrorPayload): ApiErrorEntry[] {
  const meta = payload.meta ?? {}
  const issues = payload.code === 'invalid_input' && Array.isArray(meta.issues) ? meta.issues : []
  const fields = issues.flatMap((issue) => {
    if (typeof issue !== 'object' || issue === null || Array.isArray(issue)) return []
    const { path, message } = issue
    if (typeof path !== 'string' || path === '' || typeof message !== 'string') return []
    return [{ code: payload.code, message, longMessage: message, meta: { paramName: path } }]
  })
  if (fields.length > 0) return fields
  return [{ code: payload.code, message: payload.userMessage, longMessage: describeError(payload), meta }]
}

/**
 * Every error the server answers with. Besides our `code`, `status` and messages it has what the
 * reference's `ClerkAPIResponseError` has — `errors[]`, `clerkError`, `retryAfter`, and the
 * constructor's `kind` its type guard reads — so `isClerkAPIResponseError(error)` (ours and the
 * reference's own) is true and `error.errors[0].longMessage` is what to show.
 */
export class TesseraError extends Error {
  static readonly kind: string = 'ClerkAPIResponseError'
  override readonly name: string = 'TesseraError'
  readonly clerkError = true as const
  readonly code: ErrorCode
  readonly status: number
  readonly userMessage: string
  readonly meta: ErrorMeta | undefined

  constructor(code: ErrorCode, options: { meta?: ErrorMeta; message?: string; userMessage?: string } = {}) {
    const spec = ERRORS[code]
    super(options.message ?? spec.message)
    this.code = code
    this.status = spec.status
    this.userMessage = options.userMessage ?? spec.userMessage
    this.meta = options.meta
  }

  /** The reference's `errors[]` (never empty). */
  get errors(): ApiErrorEntry[] {
    return apiErrorEntries(this.toPayload())
  }

  /** The user message with what the metadata adds (the first entry's `longMessage`). */
  get longMessage(): string {
    return describeError(this.toPayload())
  }

  /** Seconds to wait before retrying, when the server said. */
  get retryAfter(): number | undefined {
    return metaNumber(this.toPayload(), 'retryAfterSeconds') ?? undefined
  }

  toPayload(): ErrorPayload {
    const payload: ErrorPayload = {
      code: this.code,
      status: this.status,
      message: this.message,
      userMessage: this.userMessage,
    }
    if (this.meta !== undefined) payload.meta = this.meta
    return payload
  }
}

/**
 * An error raised in the browser rather than answered by the server (a cancelled reverification):
 * the reference's `ClerkRuntimeError`, which `isClerkRuntimeError` recognises by `kind`.
 */
export class TesseraRuntimeError extends TesseraError {
  static override readonly kind: string = 'ClerkRuntimeError'
  override readonly name: string = 'TesseraRuntimeError'
  readonly clerkRuntimeError = true as const
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value)
}

/**
 * True for any error carrying one of our codes, whatever its prototype: errors that cross the
 * server-function boundary are rebuilt on the client and may not be `TesseraError` instances.
 */
export function isTesseraError(error: unknown, code?: ErrorCode): error is ErrorPayload {
  if (typeof error !== 'object' || error === null) return false
  const candidate = (error as { code?: unknown }).code
  return isErrorCode(candidate) && (code === undefined || candidate === code)
}

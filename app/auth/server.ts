/**
 * Tessera's server entry, shaped like the reference's `@clerk/tanstack-react-start/server`:
 * `auth()` inside a server function (`createServerFn(...).handler(...)`), a server route's
 * handler, or a `beforeLoad` through a server function. Server-only: import it from route files
 * only for use inside server-function handlers, which the compiler strips from the client build;
 * never from `app/auth/index.ts` or components (app/architecture.test.ts checks it).
 */

export {
  type ClerkClient,
  clerkClient,
  type GetOrganizationParams,
  type UserListParams,
  type UserMetadataParams,
} from '../server/clerk-client.server.ts'
export { auth } from '../server/request-auth.server.ts'
export type {
  AuthObject,
  AuthOptions,
  ServerGetToken,
  ServerGetTokenOptions,
  SessionTokenType,
  SignedInAuthObject,
  SignedOutAuthObject,
} from '../session/auth-object.ts'
export {
  EmailAddress,
  Organization,
  type PaginatedResourceResponse,
  PhoneNumber,
  User,
  Verification,
} from '../session/backend-resources.ts'
export {
  isReverificationHint,
  type ReverificationHint,
  reverificationError,
  reverificationErrorResponse,
} from '../session/reverification.ts'

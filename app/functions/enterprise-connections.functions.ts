import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { requireAdmin } from '../middleware/admin.ts'
import { parseInput } from '../middleware/validation.ts'
import {
  createConnection,
  deleteConnection,
  listConnections,
  updateConnection,
} from '../server/enterprise-connections.server.ts'
import { serviceContext } from '../server/request-auth.server.ts'
import {
  DOMAIN_MAX_LENGTH,
  ENTERPRISE_CONNECTION_NAME_MAX_LENGTH,
  OIDC_CLIENT_CREDENTIAL_MAX_LENGTH,
  REDIRECT_URL_MAX_LENGTH,
  SSO_MAX_DOMAINS_PER_CONNECTION,
} from '../session/policy.ts'
import type { EnterpriseConnectionJSON } from '../session/wire.ts'
import { enterpriseConnectionIdSchema, textSchema } from './schemas.ts'

/**
 * Enterprise SSO connections, in the admin console: read with `admin:read`, changed with
 * `admin:manage_instance`. The client secret goes in and is never sent back out.
 */

const credential = textSchema(OIDC_CLIENT_CREDENTIAL_MAX_LENGTH, { required: 'Enter it as the IdP gave it.' })

const connectionShape = {
  name: textSchema(ENTERPRISE_CONNECTION_NAME_MAX_LENGTH, { required: 'Enter a name.' }),
  issuer: textSchema(REDIRECT_URL_MAX_LENGTH, { required: "Enter the IdP's issuer URL." }),
  clientId: credential,
  domains: z
    .array(textSchema(DOMAIN_MAX_LENGTH))
    .min(1, 'Enter at least one domain.')
    .max(SSO_MAX_DOMAINS_PER_CONNECTION),
  enabled: z.boolean(),
}

export const $listEnterpriseConnections = createServerFn({ method: 'GET' })
  .middleware([requireAdmin('admin:read')])
  .handler(async (): Promise<EnterpriseConnectionJSON[]> => listConnections(await serviceContext()))

export const $createEnterpriseConnection = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_instance')])
  .validator(parseInput(z.strictObject({ ...connectionShape, clientSecret: credential })))
  .handler(async ({ data, context }) =>
    createConnection(await serviceContext(), { id: context.admin.id, sessionId: context.session.id }, data),
  )

/** Changes a connection; without a `clientSecret` the stored one is kept. */
export const $updateEnterpriseConnection = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_instance')])
  .validator(
    parseInput(
      z.strictObject({
        connectionId: enterpriseConnectionIdSchema,
        ...connectionShape,
        clientSecret: credential.nullish().transform((value) => value ?? null),
      }),
    ),
  )
  .handler(async ({ data: { connectionId, ...input }, context }) =>
    updateConnection(
      await serviceContext(),
      { id: context.admin.id, sessionId: context.session.id },
      connectionId,
      input,
    ),
  )

export const $deleteEnterpriseConnection = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_instance')])
  .validator(parseInput(z.strictObject({ connectionId: enterpriseConnectionIdSchema })))
  .handler(async ({ data, context }) => {
    await deleteConnection(
      await serviceContext(),
      { id: context.admin.id, sessionId: context.session.id },
      data.connectionId,
    )
    return { ok: true as const }
  })

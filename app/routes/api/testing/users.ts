import { createFileRoute } from '@tanstack/react-router'
import * as z from 'zod'
import { endpoint, serverRoute } from '../../../middleware/server-route.server.ts'
import { getDb } from '../../../server/db.server.ts'
import { createTestUser, deleteTestUser } from '../../../server/testing.server.ts'
import { findUserIdByIdentifier } from '../../../server/users.server.ts'
import { ADMIN_ROLES } from '../../../session/admin.ts'
import { normalizeEmail, normalizePhone } from '../../../session/identifiers.ts'

const emailSchema = z.string().transform(normalizeEmail).pipe(z.string())

const newUserSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(256).nullable(),
  firstName: z.string().max(100).nullish(),
  lastName: z.string().max(100).nullish(),
  phoneNumber: z.string().transform(normalizePhone).pipe(z.string()).nullish(),
  smsSecondFactor: z.boolean().optional(),
  totp: z.boolean().optional(),
  backupCodes: z.boolean().optional(),
  passwordCompromised: z.boolean().optional(),
  acceptedTermsVersion: z.string().max(40).nullish(),
  adminRole: z.enum(ADMIN_ROLES).nullish(),
  organizations: z
    .array(z.strictObject({ name: z.string().min(1).max(64), role: z.string().max(64).optional() }))
    .max(5)
    .optional(),
})

/**
 * Testing API: creates a user directly (verified identifiers, and any factors asked for, with
 * their secrets returned), or deletes one by email, for e2e fixtures.
 */
export const Route = createFileRoute('/api/testing/users')({
  server: serverRoute({
    POST: endpoint({
      auth: 'testing_token',
      body: { schema: newUserSchema },
      handle: async ({ body }) => {
        const { firstName, lastName, ...rest } = body
        const created = await createTestUser(
          await getDb(),
          { ...rest, firstName: firstName ?? null, lastName: lastName ?? null },
          new Date(),
        )
        return Response.json({ ...created, email: body.email }, { status: 201 })
      },
    }),
    DELETE: endpoint({
      auth: 'testing_token',
      query: z.object({ email: emailSchema }),
      handle: async ({ query }) => {
        const db = await getDb()
        const userId = await findUserIdByIdentifier(db, { kind: 'email_address', value: query.email })
        if (userId) await deleteTestUser(db, userId)
        return new Response(null, { status: userId ? 204 : 404 })
      },
    }),
  }),
})

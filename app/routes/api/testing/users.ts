import { createFileRoute } from '@tanstack/react-router'
import * as z from 'zod'
import { getDb } from '../../../server/db.server.ts'
import { errorResponse, methodNotAllowed } from '../../../server/http.server.ts'
import { createTestUser, deleteTestUser, refuseTestingRequest } from '../../../server/testing.server.ts'
import { findUserIdByIdentifier } from '../../../server/users.server.ts'
import { ADMIN_ROLES } from '../../../session/admin.ts'
import { TesseraError } from '../../../session/errors.ts'
import { normalizeEmail, normalizePhone } from '../../../session/identifiers.ts'

const newUserSchema = z.strictObject({
  email: z.string().transform(normalizeEmail).pipe(z.string()),
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
  server: {
    handlers: {
      ANY: methodNotAllowed('POST', 'DELETE'),
      POST: async ({ request }) => {
        const refused = refuseTestingRequest(request)
        if (refused) return refused
        const parsed = newUserSchema.safeParse(await request.json().catch(() => null))
        if (!parsed.success) return errorResponse(new TesseraError('invalid_input'))
        const { firstName, lastName, ...rest } = parsed.data
        const created = await createTestUser(
          await getDb(),
          { ...rest, firstName: firstName ?? null, lastName: lastName ?? null },
          new Date(),
        )
        return Response.json({ ...created, email: parsed.data.email }, { status: 201 })
      },
      DELETE: async ({ request }) => {
        const refused = refuseTestingRequest(request)
        if (refused) return refused
        const email = normalizeEmail(new URL(request.url).searchParams.get('email') ?? '')
        if (!email) return errorResponse(new TesseraError('invalid_input'))
        const db = await getDb()
        const userId = await findUserIdByIdentifier(db, { kind: 'email_address', value: email })
        if (userId) await deleteTestUser(db, userId)
        return new Response(null, { status: userId ? 204 : 404 })
      },
    },
  },
})

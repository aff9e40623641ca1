import { createFileRoute } from '@tanstack/react-router'
import * as z from 'zod'
import { getDb } from '../../../server/db.server.ts'
import { errorResponse } from '../../../server/http.server.ts'
import { hashPassword } from '../../../server/passwords.server.ts'
import { refuseTestingRequest } from '../../../server/testing.server.ts'
import { createUser, deleteUser, findPasswordAccount } from '../../../server/users.server.ts'
import { TesseraError } from '../../../session/errors.ts'
import { normalizeEmail } from '../../../session/identifiers.ts'

const newUserSchema = z.strictObject({
  email: z.string().transform(normalizeEmail).pipe(z.string()),
  password: z.string().min(1).max(256),
  firstName: z.string().max(100).nullish(),
  lastName: z.string().max(100).nullish(),
})

/** Testing API: creates a user directly (verified email), or deletes one by email, for e2e fixtures. */
export const Route = createFileRoute('/api/testing/users')({
  server: {
    handlers: {
      POST: async ({ request }) => {
        const refused = refuseTestingRequest(request)
        if (refused) return refused
        const parsed = newUserSchema.safeParse(await request.json().catch(() => null))
        if (!parsed.success) return errorResponse(new TesseraError('invalid_input'))
        const { email, password, firstName, lastName } = parsed.data
        const user = await createUser(
          await getDb(),
          {
            email,
            passwordHash: await hashPassword(password),
            firstName: firstName ?? null,
            lastName: lastName ?? null,
            emailVerified: true,
          },
          new Date(),
        )
        return Response.json({ id: user.id, email }, { status: 201 })
      },
      DELETE: async ({ request }) => {
        const refused = refuseTestingRequest(request)
        if (refused) return refused
        const email = normalizeEmail(new URL(request.url).searchParams.get('email') ?? '')
        if (!email) return errorResponse(new TesseraError('invalid_input'))
        const db = await getDb()
        const account = await findPasswordAccount(db, email)
        if (account) await deleteUser(db, account.userId)
        return new Response(null, { status: account ? 204 : 404 })
      },
    },
  },
})

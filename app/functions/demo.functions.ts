import { createServerFn } from '@tanstack/react-start'
import { DEMO_ACCOUNTS } from '../../db/demo-accounts.ts'
import { getDb } from '../server/db.server.ts'
import { getEnv } from '../server/env.server.ts'
import { emailExists } from '../server/users.server.ts'

export interface DemoAccount {
  email: string
  password: string
  name: string
}

/** The seeded demo accounts that exist, outside production only (empty in production). */
export const $getDemoAccounts = createServerFn({ method: 'GET' }).handler(async (): Promise<DemoAccount[]> => {
  if (getEnv().NODE_ENV === 'production') return []
  const db = await getDb()
  const present = await Promise.all(DEMO_ACCOUNTS.map((account) => emailExists(db, account.email)))
  return DEMO_ACCOUNTS.filter((_, index) => present[index]).map((account) => ({
    email: account.email,
    password: account.password,
    name: `${account.firstName} ${account.lastName}`,
  }))
})

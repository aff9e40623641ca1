/**
 * What a user can verify with right now, as the factor lists sign-in and step-up verification
 * offer (strongest first), and the checks that a named factor is really theirs.
 */

import { and, eq, isNotNull } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import {
  emailAddresses,
  enterpriseConnections,
  enterpriseIdentities,
  oauthIdentities,
  passkeys,
  phoneNumbers,
} from '../../db/schema.ts'
import { TesseraError } from '../session/errors.ts'
import {
  availableSecondFactors,
  type Factor,
  type FirstFactorStrategy,
  type OAuthProvider,
  type SecondFactorStrategy,
} from '../session/factors.ts'
import { maskEmail, maskPhone } from '../session/identifiers.ts'
import type { CodeTarget } from '../session/wire.ts'
import type { ServiceContext } from './service-context.server.ts'
import { enrolledFactors, passwordCredentialOf } from './users.server.ts'

type Context = Pick<ServiceContext, 'db' | 'config'>

/** The user's numbers that receive second-factor codes, the primary first (it is the default). */
async function secondFactorPhones(db: Database, userId: string) {
  const rows = await db
    .select()
    .from(phoneNumbers)
    .where(
      and(eq(phoneNumbers.userId, userId), eq(phoneNumbers.secondFactor, true), isNotNull(phoneNumbers.verifiedAt)),
    )
  return rows.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary))
}

/** The second factors the user can pass on this instance: an authenticator app, each SMS number, backup codes. */
export async function secondFactorsOf(ctx: Context, userId: string): Promise<Factor<SecondFactorStrategy>[]> {
  const strategies = availableSecondFactors(await enrolledFactors(ctx.db, userId), ctx.config.factors.secondFactors)
  const phones = strategies.includes('phone_code') ? await secondFactorPhones(ctx.db, userId) : []
  return strategies.flatMap((strategy): Factor<SecondFactorStrategy>[] =>
    strategy === 'phone_code'
      ? phones.map((phone) => ({
          strategy,
          phoneNumberId: phone.id,
          safeIdentifier: maskPhone(phone.phoneNumber),
          primary: phone.isPrimary,
        }))
      : [{ strategy }],
  )
}

/**
 * The user's passkeys as one factor on offer, when they have any and the instance enables them. A
 * user-verifying passkey is both factors at once (STRATEGY_PROFILES.passkey.multiFactor), so a
 * step-up offers it where it asks for a second factor too.
 */
export async function passkeyFactorsOf(ctx: Context, userId: string): Promise<Factor<'passkey'>[]> {
  if (!ctx.config.factors.firstFactors.includes('passkey')) return []
  return (await ctx.db.$count(passkeys, eq(passkeys.userId, userId))) > 0 ? [{ strategy: 'passkey' }] : []
}

/** Refuses a second-factor strategy the user cannot pass (not enrolled, or not enabled). */
export async function assertSecondFactorAvailable(ctx: Context, userId: string, strategy: SecondFactorStrategy) {
  const available = availableSecondFactors(await enrolledFactors(ctx.db, userId), ctx.config.factors.secondFactors)
  if (!available.includes(strategy)) throw new TesseraError('strategy_not_allowed', { meta: { strategy } })
}

/** The second-factor number a code goes to: the one named, else the primary. */
export async function secondFactorPhone(db: Database, userId: string, phoneNumberId: string | null | undefined) {
  const phones = await secondFactorPhones(db, userId)
  const phone = phoneNumberId ? phones.find((candidate) => candidate.id === phoneNumberId) : phones[0]
  if (!phone) throw new TesseraError('identifier_not_found')
  return phone
}

/** The user's links to enterprise IdPs whose connections are enabled. */
export async function enterpriseLinksOf(db: Database, userId: string) {
  return db
    .select({
      connectionId: enterpriseConnections.id,
      connectionName: enterpriseConnections.name,
      email: enterpriseIdentities.email,
    })
    .from(enterpriseIdentities)
    .innerJoin(enterpriseConnections, eq(enterpriseConnections.id, enterpriseIdentities.connectionId))
    .where(and(eq(enterpriseIdentities.userId, userId), eq(enterpriseConnections.enabled, true)))
}

/** How many social accounts the user has connected, by provider. */
export async function oauthIdentityCounts(
  db: Database,
  userId: string,
): Promise<Partial<Record<OAuthProvider, number>>> {
  const rows = await db
    .select({ provider: oauthIdentities.provider })
    .from(oauthIdentities)
    .where(eq(oauthIdentities.userId, userId))
  const counts: Partial<Record<OAuthProvider, number>> = {}
  for (const { provider } of rows) counts[provider] = (counts[provider] ?? 0) + 1
  return counts
}

/**
 * The first factors a signed-in user can verify with, strongest first: passkey, their enterprise
 * IdP, password, then codes.
 */
export async function firstFactorsOf(ctx: Context, userId: string): Promise<Factor<FirstFactorStrategy>[]> {
  const enabled = ctx.config.factors.firstFactors
  const [keys, links, password, emails, phones] = await Promise.all([
    ctx.db.$count(passkeys, eq(passkeys.userId, userId)),
    enabled.includes('enterprise_sso') ? enterpriseLinksOf(ctx.db, userId) : [],
    passwordCredentialOf(ctx.db, userId),
    ctx.db
      .select()
      .from(emailAddresses)
      .where(and(eq(emailAddresses.userId, userId), isNotNull(emailAddresses.verifiedAt))),
    ctx.db
      .select()
      .from(phoneNumbers)
      .where(and(eq(phoneNumbers.userId, userId), isNotNull(phoneNumbers.verifiedAt))),
  ])
  const factors: Factor<FirstFactorStrategy>[] = []
  if (keys > 0 && enabled.includes('passkey')) factors.push({ strategy: 'passkey' })
  for (const link of links) {
    factors.push({
      strategy: 'enterprise_sso',
      enterpriseConnectionId: link.connectionId,
      enterpriseConnectionName: link.connectionName,
      ...(link.email ? { safeIdentifier: maskEmail(link.email) } : {}),
    })
  }
  // A compromised password proves nothing: it is not offered (or accepted) until replaced.
  if (password && !password.compromisedAt && enabled.includes('password')) factors.push({ strategy: 'password' })
  if (enabled.includes('email_code')) {
    for (const email of emails) {
      factors.push({
        strategy: 'email_code',
        emailAddressId: email.id,
        safeIdentifier: maskEmail(email.email),
        primary: email.isPrimary,
      })
    }
  }
  if (enabled.includes('phone_code')) {
    for (const phone of phones) {
      factors.push({
        strategy: 'phone_code',
        phoneNumberId: phone.id,
        safeIdentifier: maskPhone(phone.phoneNumber),
        primary: phone.isPrimary,
      })
    }
  }
  return factors
}

/** Where a first-factor code goes: the user's verified address or number with this id. */
export async function codeDestination(db: Database, userId: string, target: CodeTarget): Promise<string> {
  switch (target.strategy) {
    case 'email_code': {
      const [row] = await db
        .select({ email: emailAddresses.email })
        .from(emailAddresses)
        .where(
          and(
            eq(emailAddresses.id, target.emailAddressId),
            eq(emailAddresses.userId, userId),
            isNotNull(emailAddresses.verifiedAt),
          ),
        )
      if (!row) throw new TesseraError('identifier_not_found')
      return row.email
    }
    case 'phone_code': {
      const [row] = await db
        .select({ phoneNumber: phoneNumbers.phoneNumber })
        .from(phoneNumbers)
        .where(
          and(
            eq(phoneNumbers.id, target.phoneNumberId),
            eq(phoneNumbers.userId, userId),
            isNotNull(phoneNumbers.verifiedAt),
          ),
        )
      if (!row) throw new TesseraError('identifier_not_found')
      return row.phoneNumber
    }
  }
}

/**
 * The reference's `PhoneNumberResource`: a number of the signed-in user, its verification, and
 * whether it receives second-factor codes. Each method calls one of our server functions, which
 * authorizes itself (another user's number is `identifier_not_found`) and, for the sensitive ones,
 * may ask for reverification (`useReverification` handles it).
 * Contract: https://clerk.com/docs/reference/objects/phone-number
 *
 * One difference (README, "The reference's API: change the import"): a number starts receiving
 * second-factor codes only once a code texted to it now comes back, so
 * `setReservedForSecondFactor({ reserved: true })` on a number that does not yet is refused with
 * 409 `second_factor_code_required`; `prepareVerification()` then
 * `attemptVerification({ code, reserveForSecondFactor: true })` does it.
 */

import {
  $disableSmsSecondFactor,
  $removePhoneNumber,
  $sendPhoneVerification,
  $setPrimaryPhoneNumber,
  $verifyPhoneNumber,
} from '../functions/account.functions.ts'
import { TesseraError } from '../session/errors.ts'
import type { PhoneNumberJSON } from '../session/wire.ts'
import { type UserRuntime, userChanged } from './user-runtime.ts'

/** The reference's `verification` on an email address or phone number, as far as ours go. */
export interface IdentifierVerification {
  status: 'verified' | 'unverified'
  strategy: 'email_code' | 'email_link' | 'phone_code'
}

export interface SetReservedForSecondFactorParams {
  reserved: boolean
}

export interface AttemptPhoneNumberVerificationParams {
  code: string
  /** Tessera's own: also start receiving second-factor codes on the number. */
  reserveForSecondFactor?: boolean
}

export interface PhoneNumberResource {
  id: string
  phoneNumber: string
  verified: boolean
  verification: IdentifierVerification
  /** Receives second-factor codes. */
  reservedForSecondFactor: boolean
  /** The number a second-factor step texts first: the primary one among those reserved, else the first. */
  defaultSecondFactor: boolean
  /** Texts a code to the number. */
  prepareVerification: () => Promise<PhoneNumberResource>
  /** Checks the code (a sensitive action here: may need reverification). */
  attemptVerification: (params: AttemptPhoneNumberVerificationParams) => Promise<PhoneNumberResource>
  /**
   * `reserved: false` stops second-factor codes to the number (a sensitive action). `reserved: true`
   * on a number that does not receive them yet: 409 `second_factor_code_required` (see above).
   */
  setReservedForSecondFactor: (params: SetReservedForSecondFactorParams) => Promise<PhoneNumberResource>
  /**
   * Makes this reserved number the default. The default is the primary number among those reserved,
   * so this makes it the primary number too; a number not reserved: 409 `second_factor_code_required`.
   */
  makeDefaultSecondFactor: () => Promise<PhoneNumberResource>
  destroy: () => Promise<void>
  toString: () => string
}

export class PhoneNumber implements PhoneNumberResource {
  readonly id: string
  readonly phoneNumber: string
  readonly verified: boolean
  readonly verification: IdentifierVerification
  readonly reservedForSecondFactor: boolean
  readonly defaultSecondFactor: boolean
  readonly #json: PhoneNumberJSON
  readonly #runtime: UserRuntime

  constructor(json: PhoneNumberJSON, runtime: UserRuntime) {
    this.#json = json
    this.id = json.id
    this.phoneNumber = json.phoneNumber
    this.verified = json.verified
    this.verification = { status: json.verified ? 'verified' : 'unverified', strategy: 'phone_code' }
    this.reservedForSecondFactor = json.reservedForSecondFactor
    this.defaultSecondFactor = json.defaultSecondFactor
    this.#runtime = runtime
  }

  #with(changes: Partial<PhoneNumberJSON>): PhoneNumber {
    return new PhoneNumber({ ...this.#json, ...changes }, this.#runtime)
  }

  async prepareVerification(): Promise<PhoneNumberResource> {
    await $sendPhoneVerification({ data: { phoneNumberId: this.id } })
    return this
  }

  async attemptVerification({ code, reserveForSecondFactor }: AttemptPhoneNumberVerificationParams) {
    const useForSecondFactor = reserveForSecondFactor === true
    await $verifyPhoneNumber({ data: { phoneNumberId: this.id, code, useForSecondFactor } })
    await userChanged(this.#runtime)
    return this.#with({
      verified: true,
      reservedForSecondFactor: this.reservedForSecondFactor || useForSecondFactor,
    })
  }

  async setReservedForSecondFactor({ reserved }: SetReservedForSecondFactorParams): Promise<PhoneNumberResource> {
    if (reserved === this.reservedForSecondFactor) return this
    if (reserved) throw new TesseraError('second_factor_code_required')
    await $disableSmsSecondFactor({ data: { phoneNumberId: this.id } })
    await userChanged(this.#runtime)
    return this.#with({ reservedForSecondFactor: false, defaultSecondFactor: false })
  }

  async makeDefaultSecondFactor(): Promise<PhoneNumberResource> {
    if (!this.reservedForSecondFactor) throw new TesseraError('second_factor_code_required')
    if (this.defaultSecondFactor) return this
    await $setPrimaryPhoneNumber({ data: { phoneNumberId: this.id } })
    await userChanged(this.#runtime)
    return this.#with({ defaultSecondFactor: true })
  }

  async destroy(): Promise<void> {
    await $removePhoneNumber({ data: { phoneNumberId: this.id } })
    await userChanged(this.#runtime)
  }

  toString(): string {
    return this.phoneNumber
  }
}

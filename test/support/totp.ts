import { Secret, TOTP } from 'otpauth'

/** The code an authenticator app shows for this secret at `at` (now by default). */
export function totpCode(secret: string, at: Date | number = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: typeof at === 'number' ? at : at.getTime() })
}

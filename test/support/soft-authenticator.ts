/**
 * A software WebAuthn authenticator for integration tests: a real P-256 key pair, real
 * authenticator data and signatures, so the server's verification runs unmodified. It answers the
 * options our server issues the way a browser plus a platform authenticator would.
 */

import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto'
import { isoCBOR } from '@simplewebauthn/server/helpers'

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest()

const FLAG_UP = 0x01
const FLAG_UV = 0x04
const FLAG_AT = 0x40

interface Credential {
  id: Uint8Array
  privateKey: KeyObject
  userHandle: string
  signCount: number
}

export class SoftAuthenticator {
  readonly #credentials: Credential[] = []

  constructor(
    readonly origin: string,
    /** Clear to answer without user verification (a security key with no PIN). */
    readonly userVerified = true,
  ) {}

  get #rpIdHash() {
    return sha256(new URL(this.origin).hostname)
  }

  #clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string): string {
    return b64url(Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false })))
  }

  #flags(extra = 0): number {
    return FLAG_UP | (this.userVerified ? FLAG_UV : 0) | extra
  }

  /** Answers `navigator.credentials.create()` for the given options (attestation "none"). */
  register(options: { challenge: string; user: { id: string } }) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = publicKey.export({ format: 'jwk' })
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'))],
        [-3, new Uint8Array(Buffer.from(jwk.y ?? '', 'base64url'))],
      ]),
    )
    const id = new Uint8Array(randomBytes(16))
    const idLength = Buffer.alloc(2)
    idLength.writeUInt16BE(id.length)
    const authData = Buffer.concat([
      this.#rpIdHash,
      Buffer.from([this.#flags(FLAG_AT)]),
      Buffer.alloc(4),
      Buffer.alloc(16),
      idLength,
      id,
      cose,
    ])
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, never>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, never>()],
        ['authData', new Uint8Array(authData)],
      ]),
    )
    this.#credentials.push({ id, privateKey, userHandle: options.user.id, signCount: 0 })
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: 'public-key' as const,
      response: {
        clientDataJSON: this.#clientData('webauthn.create', options.challenge),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    }
  }

  /** Answers `navigator.credentials.get()` with the newest credential (or the one named). */
  assert(options: { challenge: string }, credentialIndex = this.#credentials.length - 1) {
    const credential = this.#credentials[credentialIndex]
    if (!credential) throw new Error('the soft authenticator holds no credential')
    credential.signCount += 1
    const counter = Buffer.alloc(4)
    counter.writeUInt32BE(credential.signCount)
    const authenticatorData = Buffer.concat([this.#rpIdHash, Buffer.from([this.#flags()]), counter])
    const clientDataJSON = this.#clientData('webauthn.get', options.challenge)
    const signed = Buffer.concat([authenticatorData, sha256(Buffer.from(clientDataJSON, 'base64url'))])
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key' as const,
      response: {
        clientDataJSON,
        authenticatorData: b64url(authenticatorData),
        signature: b64url(sign('sha256', signed, credential.privateKey)),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform' as const,
    }
  }
}

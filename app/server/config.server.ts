/**
 * The instance settings in force: `app.config.ts`, with the overrides of the JSON file named by
 * TESSERA_CONFIG when there is one, validated once. Server-only: the browser learns the settings
 * it needs from the public environment (`$getEnvironment`), so one build serves several
 * configurations.
 */

import { readFileSync } from 'node:fs'
import rawConfig from '../../app.config.ts'
import { ConfigError, type InstanceConfig, resolveConfig, withOverrides } from '../config/instance.ts'
import { isOAuthStrategy, type OAuthProvider, providerOf } from '../session/factors.ts'
import { type Env, getEnv } from './env.server.ts'

function loadConfig(overridesFile: string | undefined): InstanceConfig {
  if (!overridesFile) return resolveConfig(rawConfig)
  let overrides: unknown
  try {
    overrides = JSON.parse(readFileSync(overridesFile, 'utf8'))
  } catch (error) {
    throw new ConfigError(`TESSERA_CONFIG=${overridesFile} is not a readable JSON file: ${(error as Error).message}`)
  }
  return resolveConfig(withOverrides(rawConfig, overrides))
}

/**
 * A social provider enabled in the settings but without its client secret in the environment is
 * not offered (so `npm run dev` works without them): its strategy leaves the first factors in force.
 */
function withSocialSecrets(loaded: InstanceConfig, env: Env): InstanceConfig {
  const firstFactors = loaded.factors.firstFactors.filter(
    (strategy) => !isOAuthStrategy(strategy) || socialClientSecret(providerOf(strategy), env) !== null,
  )
  return { ...loaded, factors: { ...loaded.factors, firstFactors } }
}

/** The client secret of a social provider, from the environment (OAUTH_<PROVIDER>_CLIENT_SECRET), or null. */
export function socialClientSecret(provider: OAuthProvider, env: Env = getEnv()): string | null {
  const secrets: Record<OAuthProvider, string | undefined> = {
    google: env.OAUTH_GOOGLE_CLIENT_SECRET,
    github: env.OAUTH_GITHUB_CLIENT_SECRET,
    microsoft: env.OAUTH_MICROSOFT_CLIENT_SECRET,
  }
  return secrets[provider] ?? null
}

/** The validated instance settings. Importing this module throws if they are invalid. */
export const config: InstanceConfig = withSocialSecrets(loadConfig(getEnv().TESSERA_CONFIG), getEnv())

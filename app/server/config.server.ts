/**
 * The instance settings in force: `app.config.ts`, with the overrides of the JSON file named by
 * TESSERA_CONFIG when there is one, validated once. Server-only: the browser learns the settings
 * it needs from the public environment (`$getEnvironment`), so one build serves several
 * configurations.
 */

import { readFileSync } from 'node:fs'
import rawConfig from '../../app.config.ts'
import { ConfigError, type InstanceConfig, resolveConfig, withOverrides } from '../config/instance.ts'
import { getEnv } from './env.server.ts'

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

/** The validated instance settings. Importing this module throws if they are invalid. */
export const config: InstanceConfig = loadConfig(getEnv().TESSERA_CONFIG)

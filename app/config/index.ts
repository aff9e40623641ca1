import rawConfig from '../../app.config.ts'
import { resolveConfig } from './instance.ts'

/** The validated instance settings. Importing this module throws if `app.config.ts` is invalid. */
export const config = resolveConfig(rawConfig)

/**
 * What every service is given: the database, the moment, the request it serves and the instance it
 * runs for. Services never read these from globals, so integration tests pass their own (an
 * injected clock, a recording deliverer).
 */

import type { Database } from '../../db/client.ts'
import type { InstanceConfig } from '../config/instance.ts'
import type { Deliver } from './delivery.server.ts'
import type { MessageContext } from './messages.server.ts'
import type { RequestMeta } from './request.server.ts'

export interface ServiceContext {
  db: Database
  now: Date
  meta: RequestMeta
  config: InstanceConfig
  /** The app's public origin: links in messages, and where passkeys are valid. */
  origin: string
  /** Sends an email or text message after the response. */
  deliver: Deliver
}

/** What the messages of this instance are signed with. */
export function messageContext(ctx: ServiceContext): MessageContext {
  return { appName: ctx.config.appName, appUrl: ctx.origin, supportEmail: ctx.config.supportEmail ?? null }
}

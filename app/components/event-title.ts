import { EVENT_LABEL, type SessionEventType } from '../session/events.ts'
import { describeStrategies } from '../session/factors.ts'
import { TRANSITIONS } from '../session/status.ts'
import type { SessionEventJSON } from '../session/wire.ts'

/** A ledger row as one line for people: a session's timeline, the user's activity, the admin ledger. */
export function eventTitle(event: Pick<SessionEventJSON, 'type' | 'detail' | 'toStatus' | 'reason'>): string {
  switch (event.type) {
    case 'created': {
      const how = event.detail ? ` with ${describeStrategies(event.detail)}` : ''
      return event.toStatus === 'pending' ? `Signed in${how} (tasks outstanding)` : `Signed in${how}`
    }
    case 'status_changed':
      return event.reason ? TRANSITIONS[event.reason].label : `Became ${event.toStatus}`
    case 'reverified':
      return event.detail ? `Verified again with ${describeStrategies(event.detail)}` : 'Verified again'
    default:
      return event.detail ? `${EVENT_LABEL[event.type]}: ${event.detail}` : EVENT_LABEL[event.type]
  }
}

/** Every event type as a filter names it. */
export const EVENT_TYPE_LABEL: Record<SessionEventType, string> = {
  created: 'Signed in',
  status_changed: 'Session status changed',
  reverified: 'Verified again',
  ...EVENT_LABEL,
}

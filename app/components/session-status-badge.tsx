import type { SessionStatus } from '../session/status.ts'
import { Badge, type BadgeTone } from './ui/badge.tsx'

const STATUS_TONE: Record<SessionStatus, BadgeTone> = {
  active: 'green',
  pending: 'amber',
  ended: 'zinc',
  expired: 'zinc',
  removed: 'zinc',
  replaced: 'zinc',
  revoked: 'red',
  abandoned: 'zinc',
}

export function SessionStatusBadge({ status }: { status: SessionStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{status}</Badge>
}

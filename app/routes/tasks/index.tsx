import { createFileRoute } from '@tanstack/react-router'

/** `/tasks` itself: the layout's guard sends the session on to its current task (or onwards). */
export const Route = createFileRoute('/tasks/')({})

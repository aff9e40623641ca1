import { createFileRoute } from '@tanstack/react-router'
import { titled } from '../../components/page-title.ts'
import { ChooseOrganizationTask } from '../../components/tasks/choose-organization-task.tsx'

export const Route = createFileRoute('/tasks/choose-organization')({
  head: titled('Choose an organization'),
  component: ChooseOrganizationTask,
})

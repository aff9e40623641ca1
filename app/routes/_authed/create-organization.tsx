import { createFileRoute } from '@tanstack/react-router'
import { CreateOrganizationPage } from '../../components/organizations/create-organization-page.tsx'
import { titled } from '../../components/page-title.ts'

export const Route = createFileRoute('/_authed/create-organization')({
  head: titled('Create an organization'),
  component: CreateOrganizationPage,
})

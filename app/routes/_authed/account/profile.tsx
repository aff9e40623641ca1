import { createFileRoute } from '@tanstack/react-router'
import { useUser } from '../../../auth/index.ts'
import { useActorLock } from '../../../components/actors/use-actor-lock.ts'
import { PageHeader } from '../../../components/page-header.tsx'
import { titled } from '../../../components/page-title.ts'
import { ProfileImageSection } from '../../../components/profile/profile-image.tsx'
import { ProfileNameSection } from '../../../components/profile/profile-name.tsx'
import { Alert } from '../../../components/ui/alert.tsx'

export const Route = createFileRoute('/_authed/account/profile')({
  head: titled('Profile'),
  component: ProfilePage,
})

function ProfilePage() {
  const { user } = useUser()
  // The server refuses these changes in a session someone else acts in; the page says so first.
  const locked = useActorLock()
  if (!user) return null
  return (
    <main className="mx-auto max-w-4xl px-4 py-12 sm:px-6">
      <PageHeader
        title="Profile"
        description="Your name and picture, as this app and the people you work with see them."
      />
      {locked && (
        <div className="mt-6">
          <Alert tone="info">{locked}</Alert>
        </div>
      )}
      <ProfileImageSection user={user} locked={locked} />
      <ProfileNameSection user={user} locked={locked} />
    </main>
  )
}

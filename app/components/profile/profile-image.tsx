import { type ChangeEvent, useId, useState } from 'react'
import { formErrors } from '../../auth/errors.ts'
import type { UserResource } from '../../auth/index.ts'
import { displayName } from '../../auth/resources.ts'
import { PROFILE_IMAGE_MAX_BYTES } from '../../session/policy.ts'
import { PROFILE_IMAGE_INPUT_TYPES } from '../../session/profile-image.ts'
import { SettingsSection } from '../settings/settings-section.tsx'
import { Alert } from '../ui/alert.tsx'
import { Avatar } from '../ui/avatar.tsx'
import { Button, buttonClasses } from '../ui/button.tsx'
import { cn } from '../ui/cn.ts'
import { useHydrated } from '../ui/use-hydrated.ts'

const MAX_MEGABYTES = PROFILE_IMAGE_MAX_BYTES / (1024 * 1024)

/** Upload, replace or remove the profile image shown in every avatar. */
export function ProfileImageSection({ user, locked }: { user: UserResource; locked: string | null }) {
  const inputId = useId()
  const hydrated = useHydrated()
  const [pending, setPending] = useState<'upload' | 'remove' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const name = displayName({ ...user, identifier: user.primaryEmailAddress?.emailAddress ?? user.id })

  const run = async (kind: 'upload' | 'remove', action: () => Promise<unknown>, message: string) => {
    setPending(kind)
    setError(null)
    setDone(null)
    try {
      // The public User resource's methods: each re-reads the client here and in other tabs.
      await action()
      setDone(message)
    } catch (failure) {
      setError(formErrors(failure).form)
    } finally {
      setPending(null)
    }
  }

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    // The server checks again (and by the bytes, not the name): this only saves a wasted upload.
    if (file.size > PROFILE_IMAGE_MAX_BYTES) {
      setDone(null)
      setError(`That image is too large. Choose one under ${MAX_MEGABYTES} MB.`)
      return
    }
    void run('upload', () => user.setProfileImage({ file }), 'Profile image saved.')
  }

  const disabled = !hydrated || pending !== null || locked !== null
  return (
    <SettingsSection
      id="profile-image"
      title="Profile image"
      description={`A JPEG, PNG or WebP image under ${MAX_MEGABYTES} MB. It is cropped to a square, and its metadata (such as where a photo was taken) is removed.`}
      alert={(error && <Alert>{error}</Alert>) || (done && <Alert tone="success">{done}</Alert>)}
    >
      <div className="flex flex-wrap items-center gap-5 px-5 py-5">
        <Avatar name={name} seed={user.id} imageUrl={user.imageUrl} size="xl" />
        <div className="flex flex-wrap gap-2">
          <input
            id={inputId}
            type="file"
            accept={PROFILE_IMAGE_INPUT_TYPES.join(',')}
            className="peer sr-only"
            onChange={onFile}
            disabled={disabled}
          />
          <label
            htmlFor={inputId}
            aria-disabled={disabled || undefined}
            className={cn(
              buttonClasses({ variant: 'secondary', size: 'sm' }),
              'cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600',
              disabled && 'pointer-events-none opacity-60',
            )}
          >
            {pending === 'upload' ? 'Uploading…' : user.hasImage ? 'Replace image' : 'Upload image'}
          </label>
          {user.hasImage && (
            <Button
              size="sm"
              variant="secondary"
              pending={pending === 'remove'}
              disabled={disabled}
              onClick={() => run('remove', () => user.setProfileImage({ file: null }), 'Profile image removed.')}
            >
              Remove image
            </Button>
          )}
        </div>
      </div>
    </SettingsSection>
  )
}

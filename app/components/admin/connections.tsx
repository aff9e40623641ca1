import { useRouter } from '@tanstack/react-router'
import { useId, useState } from 'react'
import { type FormErrors, toErrorPayload } from '../../auth/errors.ts'
import {
  $createEnterpriseConnection,
  $deleteEnterpriseConnection,
  $updateEnterpriseConnection,
} from '../../functions/enterprise-connections.functions.ts'
import {
  ENTERPRISE_CONNECTION_NAME_MAX_LENGTH,
  OIDC_CLIENT_CREDENTIAL_MAX_LENGTH,
  REDIRECT_URL_MAX_LENGTH,
} from '../../session/policy.ts'
import type { EnterpriseConnectionJSON } from '../../session/wire.ts'
import { useFormAction } from '../forms/use-form-action.ts'
import { ConfirmDialog } from '../settings/confirm-dialog.tsx'
import { SettingsRow, SettingsSection } from '../settings/settings-section.tsx'
import { Alert } from '../ui/alert.tsx'
import { Badge } from '../ui/badge.tsx'
import { Button } from '../ui/button.tsx'
import { Card } from '../ui/card.tsx'
import { TextField } from '../ui/field.tsx'

/**
 * Enterprise SSO connections: an OpenID Connect IdP, our client at it, and the email domains whose
 * people sign in through it. Saving checks the IdP's discovery document names exactly this issuer.
 */
export function ConnectionsSection({
  connections,
  canManage,
}: {
  connections: EnterpriseConnectionJSON[]
  canManage: boolean
}) {
  const router = useRouter()
  const [editing, setEditing] = useState<EnterpriseConnectionJSON | 'new' | null>(null)
  const [removing, setRemoving] = useState<EnterpriseConnectionJSON | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const saved = async (message: string) => {
    setEditing(null)
    setNotice(message)
    await router.invalidate()
  }

  return (
    <div>
      <SettingsSection
        id="connections"
        title="Enterprise SSO connections"
        description="People whose email address is in a connection's domains sign in through its identity provider (OpenID Connect) instead of a password or code."
        action={
          canManage &&
          editing === null && (
            <Button
              onClick={() => {
                setNotice(null)
                setEditing('new')
              }}
            >
              Add connection
            </Button>
          )
        }
        alert={notice && <Alert tone="success">{notice}</Alert>}
      >
        {connections.length === 0 ? (
          <p className="px-5 py-6 text-sm text-zinc-600">No connections yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-100">
            {connections.map((connection) => (
              <SettingsRow
                key={connection.id}
                label={connection.name}
                title={connection.name}
                badges={
                  <>
                    <Badge tone={connection.enabled ? 'green' : 'zinc'}>
                      {connection.enabled ? 'Enabled' : 'Disabled'}
                    </Badge>
                    {connection.domains.map((domain) => (
                      <Badge key={domain} tone="indigo">
                        @{domain}
                      </Badge>
                    ))}
                  </>
                }
                detail={
                  <>
                    <span className="block">Issuer: {connection.issuer}</span>
                    <span className="block">Client ID: {connection.clientId}</span>
                    <span className="block break-all">Redirect URI: {connection.callbackUrl}</span>
                  </>
                }
                actions={
                  canManage && (
                    <>
                      <Button variant="secondary" size="sm" onClick={() => setEditing(connection)}>
                        Edit
                      </Button>
                      <Button variant="secondary" size="sm" onClick={() => setRemoving(connection)}>
                        Remove
                      </Button>
                    </>
                  )
                }
              />
            ))}
          </ul>
        )}
      </SettingsSection>
      {editing !== null && (
        <ConnectionForm
          connection={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(connection) =>
            saved(editing === 'new' ? `${connection.name} was added.` : `${connection.name} was saved.`)
          }
        />
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.name}?`}
          description={`People at ${removing.domains.map((domain) => `@${domain}`).join(', ')} will no longer sign in through it, and their links to it are deleted. Their accounts remain.`}
          confirmLabel="Remove connection"
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await $deleteEnterpriseConnection({ data: { connectionId: removing.id } })
            await saved(`${removing.name} was removed.`)
          }}
        />
      )}
    </div>
  )
}

/** Errors about the IdP belong next to the issuer; errors about domains next to the domains. */
const FIELD_OF: Record<string, string> = {
  sso_issuer_invalid: 'issuer',
  sso_discovery_invalid: 'issuer',
  sso_idp_unreachable: 'issuer',
  sso_idp_timeout: 'issuer',
  sso_domain_invalid: 'domains',
  sso_domain_taken: 'domains',
}

function onFields(errors: FormErrors, error: unknown): FormErrors {
  const payload = toErrorPayload(error)
  const field = payload ? FIELD_OF[payload.code] : undefined
  if (!payload || !field || !errors.form) return errors
  const domain = typeof payload.meta?.domain === 'string' && payload.meta.domain ? ` (${payload.meta.domain})` : ''
  return { form: null, fields: { [field]: `${errors.form}${domain}` } }
}

function ConnectionForm({
  connection,
  onCancel,
  onSaved,
}: {
  connection: EnterpriseConnectionJSON | null
  onCancel: () => void
  onSaved: (connection: EnterpriseConnectionJSON) => Promise<void>
}) {
  const headingId = useId()
  const { errors, pending, canSubmit, onSubmit } = useFormAction(async (form) => {
    const text = (name: string) => String(form.get(name) ?? '')
    const input = {
      name: text('name'),
      issuer: text('issuer'),
      clientId: text('clientId'),
      domains: text('domains')
        .split(/[\s,]+/)
        .filter(Boolean),
      enabled: form.get('enabled') === 'on',
    }
    const secret = text('clientSecret').trim()
    await onSaved(
      connection
        ? await $updateEnterpriseConnection({
            data: { ...input, connectionId: connection.id, clientSecret: secret || null },
          })
        : await $createEnterpriseConnection({ data: { ...input, clientSecret: secret } }),
    )
  }, onFields)

  return (
    <section aria-labelledby={headingId} className="mt-8">
      <h2 id={headingId} className="text-lg font-semibold text-zinc-900">
        {connection ? `Edit ${connection.name}` : 'Add a connection'}
      </h2>
      <Card className="mt-4 p-5">
        <form method="post" onSubmit={onSubmit} className="grid gap-5 sm:grid-cols-2" noValidate>
          {errors.form && (
            <div className="sm:col-span-2">
              <Alert>{errors.form}</Alert>
            </div>
          )}
          <TextField
            label="Name"
            name="name"
            defaultValue={connection?.name}
            description="Shown to people as “Continue with …”."
            maxLength={ENTERPRISE_CONNECTION_NAME_MAX_LENGTH}
            required
            error={errors.fields.name}
          />
          <TextField
            label="Issuer URL"
            name="issuer"
            type="url"
            defaultValue={connection?.issuer}
            placeholder="https://login.example.com"
            maxLength={REDIRECT_URL_MAX_LENGTH}
            description="Exactly as the IdP's discovery document states it."
            required
            error={errors.fields.issuer}
          />
          <TextField
            label="Client ID"
            name="clientId"
            defaultValue={connection?.clientId}
            maxLength={OIDC_CLIENT_CREDENTIAL_MAX_LENGTH}
            autoComplete="off"
            required
            error={errors.fields.clientId}
          />
          <TextField
            label="Client secret"
            name="clientSecret"
            type="password"
            autoComplete="new-password"
            maxLength={OIDC_CLIENT_CREDENTIAL_MAX_LENGTH}
            description={
              connection ? 'Leave empty to keep the current secret.' : 'Stored encrypted; never shown again.'
            }
            required={!connection}
            error={errors.fields.clientSecret}
          />
          <TextField
            label="Email domains"
            name="domains"
            defaultValue={connection?.domains.join(', ')}
            placeholder="example.com, example.org"
            description="People with an address in these domains sign in through this IdP."
            className="sm:col-span-2"
            required
            error={errors.fields.domains}
          />
          <label className="flex items-center gap-2 text-sm font-medium text-zinc-800 sm:col-span-2">
            <input
              type="checkbox"
              name="enabled"
              defaultChecked={connection?.enabled ?? true}
              className="size-4 rounded border-zinc-300 text-indigo-600"
            />
            Enabled
          </label>
          <div className="flex justify-end gap-2 sm:col-span-2">
            <Button type="button" variant="secondary" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" pending={pending} disabled={!canSubmit}>
              {connection ? 'Save connection' : 'Add connection'}
            </Button>
          </div>
        </form>
      </Card>
    </section>
  )
}

import { createFileRoute } from '@tanstack/react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { titled } from '../../components/page-title.ts'
import { Badge } from '../../components/ui/badge.tsx'
import { Card } from '../../components/ui/card.tsx'
import { Time } from '../../components/ui/time.tsx'
import { $listOutbox } from '../../functions/outbox.functions.ts'

export const Route = createFileRoute('/dev/outbox')({
  loader: () => $listOutbox(),
  head: titled('Outbox'),
  component: OutboxPage,
})

/** Development only: what would have been emailed or texted (set SMTP_URL to send email for real). */
function OutboxPage() {
  const messages = Route.useLoaderData()
  return (
    <main className="mx-auto max-w-4xl px-6 py-12">
      <PageHeader
        title="Outbox"
        description="Emails and text messages this development server would have sent, newest first. Not available in production."
      />
      {messages.length === 0 ? (
        <p className="mt-10 text-sm text-zinc-500">Nothing sent yet.</p>
      ) : (
        <ol aria-label="Messages" className="mt-10 space-y-4">
          {messages.map((message) => (
            <li key={message.id}>
              <Card className="p-5">
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <Badge tone={message.channel === 'email' ? 'indigo' : 'green'}>
                    {message.channel === 'email' ? 'Email' : 'SMS'}
                  </Badge>
                  <span className="font-medium text-zinc-900">{message.recipient}</span>
                  <span className="text-zinc-500">
                    · <Time value={message.createdAt} withSeconds />
                  </span>
                </div>
                {message.subject && <p className="mt-2 font-semibold text-zinc-900">{message.subject}</p>}
                <pre className="mt-2 font-mono text-sm whitespace-pre-wrap text-zinc-700">{message.body}</pre>
              </Card>
            </li>
          ))}
        </ol>
      )}
    </main>
  )
}

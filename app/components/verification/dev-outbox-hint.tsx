/**
 * In development nothing is really emailed or texted (unless SMTP is set up): the code is in the
 * development outbox. Vite's `import.meta.env.DEV` is false in every production build, so this
 * never shows there (and the outbox answers 404 in production anyway).
 */
export function DevOutboxHint() {
  if (!import.meta.env.DEV) return null
  return (
    <p className="text-xs text-zinc-500">
      Development server: read the code in the{' '}
      <a href="/dev/outbox" target="_blank" rel="noreferrer" className="font-semibold text-indigo-600 underline">
        outbox at /dev/outbox
      </a>
      .
    </p>
  )
}

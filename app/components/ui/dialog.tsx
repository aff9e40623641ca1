import { type ReactNode, useEffect, useId, useRef } from 'react'
import { cn } from './cn.ts'

export interface DialogProps {
  open: boolean
  /** Called when the user dismisses the dialog (Escape, the close button or the backdrop). */
  onClose: () => void
  title: string
  description?: ReactNode
  children?: ReactNode
  className?: string
}

/** Fields a person fills in, in the order of the page. */
const FIELD = 'input:not([type="hidden"]):not([disabled]), textarea:not([disabled]), select:not([disabled])'

/**
 * Where focus starts in an open dialog: an element marked `data-autofocus`, else its first field,
 * else its first button below the title (a confirmation's Cancel) — never the × in the corner,
 * which is what the browser would pick.
 */
function initialFocus(dialog: HTMLDialogElement): HTMLElement | null {
  return (
    dialog.querySelector<HTMLElement>('[data-autofocus]') ??
    dialog.querySelector<HTMLElement>(FIELD) ??
    dialog.querySelector<HTMLElement>('button:not([data-dialog-close]):not([disabled]), a[href]')
  )
}

/**
 * A modal dialog on the native `<dialog>` element: the browser supplies the focus trap, Escape to
 * close, the inert background and the accessibility tree; this adds labelling, a backdrop click,
 * the first focus (`initialFocus`) and focus given back to whatever opened it (the button that was
 * focused) when it closes, whether by Escape, Cancel, × or its action — and whether the page closes
 * it or unmounts it.
 */
export function Dialog({ open, onClose, title, description, children, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const descriptionId = useId()

  useEffect(() => {
    const dialog = ref.current
    if (!dialog || !open) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!dialog.open) dialog.showModal()
    initialFocus(dialog)?.focus()
    return () => {
      if (dialog.open) dialog.close()
      // The opener may be gone (a deleted row's button): focus then stays where the browser puts it.
      if (opener?.isConnected) opener.focus()
    }
  }, [open])

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard equivalent is the dialog's native Escape (onCancel)
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
      // A click on the backdrop closes; keyboard users have Escape (the native cancel event above).
      onClick={(event) => {
        if (event.target === ref.current) onClose()
      }}
      className={cn(
        'm-auto w-full max-w-md rounded-2xl bg-white p-0 shadow-xl ring-1 ring-zinc-200 backdrop:bg-zinc-950/40 backdrop:backdrop-blur-sm',
        className,
      )}
    >
      <div className="p-6">
        <div className="flex items-start justify-between gap-4">
          <h2 id={titleId} className="text-lg font-semibold text-zinc-900">
            {title}
          </h2>
          <button
            type="button"
            data-dialog-close
            onClick={onClose}
            className="-m-1 rounded-md p-1 text-zinc-400 hover:text-zinc-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <span className="sr-only">Close</span>
            <svg viewBox="0 0 20 20" fill="currentColor" className="size-5" aria-hidden="true">
              <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
            </svg>
          </button>
        </div>
        {description && (
          <div id={descriptionId} className="mt-2 text-sm text-zinc-600">
            {description}
          </div>
        )}
        {children && <div className="mt-5">{children}</div>}
      </div>
    </dialog>
  )
}

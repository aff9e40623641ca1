import { type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { cn } from './cn.ts'
import { useHydrated } from './use-hydrated.ts'

/**
 * A disclosure: a button that shows and hides a panel. Escape and a click outside close it, and
 * focus returns to the button. On a phone the panel spans the window under the header, so it never
 * opens off screen; from `sm` up it hangs below its button.
 */
export function Popover({
  label,
  trigger,
  children,
  className,
  triggerClassName,
}: {
  /**
   * Read before what the trigger shows (`Account:` then the name), visually hidden: the button's
   * accessible name is this and its visible text, so it always contains what it shows.
   */
  label: string
  trigger: ReactNode
  children: (close: () => void) => ReactNode
  className?: string
  triggerClassName?: string
}) {
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  // Like Button: no click is lost before the page has hydrated.
  const hydrated = useHydrated()

  useEffect(() => {
    if (!open) return
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false)
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false)
        button.current?.focus()
      }
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])

  return (
    <div ref={root} className="relative min-w-0">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        disabled={!hydrated}
        onClick={() => setOpen((value) => !value)}
        className={cn(
          'flex min-w-0 items-center gap-2 rounded-lg p-1 pr-2 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600',
          triggerClassName,
        )}
      >
        <span className="sr-only">{`${label} `}</span>
        {trigger}
      </button>
      {open && (
        <div
          id={panelId}
          className={cn(
            'fixed inset-x-3 top-16 z-20 max-h-[calc(100dvh-5rem)] overflow-y-auto rounded-xl bg-white p-2 shadow-lg ring-1 ring-zinc-200',
            'sm:absolute sm:inset-x-auto sm:top-auto sm:right-0 sm:mt-2 sm:w-80',
            className,
          )}
        >
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  )
}

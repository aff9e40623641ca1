import type { ButtonHTMLAttributes } from 'react'
import { cn } from './cn.ts'
import { Spinner } from './spinner.tsx'
import { useHydrated } from './use-hydrated.ts'

const VARIANTS = {
  primary: 'bg-indigo-600 text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-indigo-600',
  secondary:
    'bg-white text-zinc-900 shadow-sm ring-1 ring-inset ring-zinc-300 hover:bg-zinc-50 focus-visible:outline-indigo-600',
  ghost: 'text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-indigo-600',
  danger: 'bg-red-600 text-white shadow-sm hover:bg-red-500 focus-visible:outline-red-600',
} as const

const SIZES = {
  sm: 'h-8 px-3 text-sm gap-1.5',
  md: 'h-10 px-4 text-sm gap-2',
  lg: 'h-11 px-5 text-base gap-2',
} as const

export interface ButtonStyle {
  variant?: keyof typeof VARIANTS
  size?: keyof typeof SIZES
}

export function buttonClasses({ variant = 'primary', size = 'md' }: ButtonStyle = {}, className?: string): string {
  return cn(
    'inline-flex items-center justify-center rounded-lg font-semibold transition-colors',
    'focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-60',
    VARIANTS[variant],
    SIZES[size],
    className,
  )
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement>, ButtonStyle {
  /** Shows a spinner, disables the button and tells assistive technology it is busy. */
  pending?: boolean
}

/**
 * Every button here acts through React (its click handler, or its form's submit handler), so until
 * the page has hydrated a click would be lost, or would post the form to the page itself: buttons
 * are disabled until then. People see it for a moment on a slow device; tests wait for it.
 */
export function Button({
  variant,
  size,
  pending = false,
  className,
  children,
  disabled,
  type = 'button',
  ...props
}: ButtonProps) {
  const hydrated = useHydrated()
  return (
    <button
      type={type}
      className={buttonClasses({ variant, size }, className)}
      disabled={disabled || pending || !hydrated}
      aria-busy={pending || undefined}
      {...props}
    >
      {pending && <Spinner />}
      {children}
    </button>
  )
}

/** A button that reads as a link: for secondary choices inside a form ("Use another method"). */
export function LinkButton({
  className,
  type = 'button',
  disabled,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement>) {
  const hydrated = useHydrated()
  return (
    <button
      type={type}
      disabled={disabled || !hydrated}
      className={cn(
        'rounded text-sm font-semibold text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:text-zinc-400',
        className,
      )}
      {...props}
    />
  )
}

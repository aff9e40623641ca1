import { type InputHTMLAttributes, useId } from 'react'
import { cn } from './cn.ts'

export interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string
  /** Help shown under the field. */
  description?: string
  /** The field's error; marks the input invalid and is announced with it. */
  error?: string | null
}

export function TextField({ label, description, error, className, id, ...props }: TextFieldProps) {
  const generatedId = useId()
  const inputId = id ?? generatedId
  const descriptionId = description ? `${inputId}-description` : undefined
  const errorId = error ? `${inputId}-error` : undefined
  return (
    <div className={cn('space-y-1.5', className)}>
      <label htmlFor={inputId} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <input
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={[descriptionId, errorId].filter(Boolean).join(' ') || undefined}
        className={cn(
          'block h-10 w-full rounded-lg border-0 bg-white px-3 text-sm text-zinc-900 shadow-sm ring-1 ring-inset',
          'placeholder:text-zinc-400 focus:ring-2 focus:ring-inset focus:outline-none',
          error ? 'ring-red-400 focus:ring-red-500' : 'ring-zinc-300 focus:ring-indigo-600',
        )}
        {...props}
      />
      {description && (
        <p id={descriptionId} className="text-xs text-zinc-500">
          {description}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-xs font-medium text-red-600">
          {error}
        </p>
      )}
    </div>
  )
}

import { type InputHTMLAttributes, type ReactNode, useId } from 'react'
import { cn } from './cn.ts'

interface FieldText {
  label: string
  /** Help shown under the field. */
  description?: string
  /** The field's error; marks the input invalid and is announced with it. */
  error?: string | null
}

/** The attributes that tie an input to its help and error text (see `Field`). */
export function describedBy(inputId: string, { description, error }: Omit<FieldText, 'label'>) {
  const ids = [description && `${inputId}-description`, error && `${inputId}-error`].filter(Boolean)
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids.join(' ') || undefined }
}

/** A label above an input, its help and error below, with the ids `describedBy` points at. */
export function Field({
  inputId,
  label,
  description,
  error,
  className,
  children,
}: FieldText & { inputId: string; className?: string; children: ReactNode }) {
  return (
    <div className={cn('space-y-1.5', className)}>
      <label htmlFor={inputId} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      {children}
      {description && (
        <p id={`${inputId}-description`} className="text-xs text-zinc-500">
          {description}
        </p>
      )}
      {error && (
        <p id={`${inputId}-error`} className="text-xs font-medium text-red-600">
          {error}
        </p>
      )}
    </div>
  )
}

export const inputRing = (error: string | null | undefined) =>
  cn(
    'block w-full rounded-lg border-0 bg-white px-3 text-zinc-900 shadow-sm ring-1 ring-inset',
    'focus:ring-2 focus:ring-inset focus:outline-none',
    error ? 'ring-red-400 focus:ring-red-500' : 'ring-zinc-300 focus:ring-indigo-600',
  )

export interface TextFieldProps extends FieldText, InputHTMLAttributes<HTMLInputElement> {}

export function TextField({ label, description, error, className, id, ...props }: TextFieldProps) {
  const generatedId = useId()
  const inputId = id ?? generatedId
  return (
    <Field inputId={inputId} label={label} description={description} error={error} className={className}>
      <input
        id={inputId}
        {...describedBy(inputId, { description, error })}
        className={cn(inputRing(error), 'h-10 text-sm placeholder:text-zinc-400')}
        {...props}
      />
    </Field>
  )
}

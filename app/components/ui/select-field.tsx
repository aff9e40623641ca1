import { type SelectHTMLAttributes, useId } from 'react'
import { cn } from './cn.ts'
import { describedBy, Field } from './field.tsx'

export interface SelectOption {
  value: string
  label: string
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'children' | 'size'> {
  label: string
  options: readonly SelectOption[]
  /**
   * Where the label goes: above the select (`stacked`, as text fields have it), before it on one
   * line (`inline`), or only in the accessible name (`hidden`: a table cell or a row, whose
   * heading already says what it is).
   */
  labelPosition?: 'stacked' | 'inline' | 'hidden'
  /** `sm` fits a table row or a list row. */
  size?: 'md' | 'sm'
  description?: string
  error?: string | null
}

/** A native select, labelled, sized and ringed like the text inputs: the one select of the app. */
export function SelectField({
  label,
  options,
  labelPosition = 'stacked',
  size = 'md',
  description,
  error,
  className,
  id,
  ...props
}: SelectFieldProps) {
  const generatedId = useId()
  const selectId = id ?? generatedId
  const select = (
    <select
      id={selectId}
      aria-label={labelPosition === 'hidden' ? label : undefined}
      {...describedBy(selectId, { description, error })}
      className={cn(
        'block max-w-full rounded-lg border-0 bg-white pr-8 pl-3 text-sm text-zinc-900 ring-1 ring-inset focus:ring-2 focus:ring-inset disabled:opacity-60',
        error ? 'ring-red-400 focus:ring-red-500' : 'ring-zinc-300 focus:ring-indigo-600',
        size === 'sm' ? 'h-8' : 'h-10',
        labelPosition === 'hidden' && className,
      )}
      {...props}
    >
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  )
  if (labelPosition === 'hidden') return select
  if (labelPosition === 'inline')
    return (
      <div className={cn('flex flex-wrap items-center gap-3', className)}>
        <label htmlFor={selectId} className="text-sm font-medium text-zinc-800">
          {label}
        </label>
        {select}
      </div>
    )
  return (
    <Field inputId={selectId} label={label} description={description} error={error} className={className}>
      {select}
    </Field>
  )
}

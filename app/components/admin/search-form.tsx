import { ADMIN_SEARCH_MAX_LENGTH } from '../../session/policy.ts'
import { Button } from '../ui/button.tsx'
import { TextField } from '../ui/field.tsx'

/** A list's search box: submits the trimmed text (undefined when empty) for the page to put in its URL. */
export function AdminSearchForm({
  name,
  placeholder,
  value,
  onSearch,
}: {
  /** What is searched ("users"): the landmark's name and the field's label. */
  name: string
  placeholder: string
  value: string | undefined
  onSearch: (query: string | undefined) => void
}) {
  return (
    <search aria-label={name.charAt(0).toUpperCase() + name.slice(1)}>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault()
          const query = String(new FormData(event.currentTarget).get('q') ?? '').trim()
          onSearch(query || undefined)
        }}
      >
        <TextField
          key={value}
          label={`Search ${name}`}
          name="q"
          type="search"
          defaultValue={value ?? ''}
          placeholder={placeholder}
          maxLength={ADMIN_SEARCH_MAX_LENGTH}
          className="min-w-72 flex-1"
        />
        <Button type="submit">Search</Button>
      </form>
    </search>
  )
}

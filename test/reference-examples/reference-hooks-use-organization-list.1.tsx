// Source: https://github.com/clerk/clerk-docs/blob/a7cebf5858db84418400627a811cf6080f66d89c/docs/reference/hooks/use-organization-list.mdx#L217
// As rendered for the tanstack-react-start SDK; the docs name the file components/JoinedOrganizations.tsx.
// Collected verbatim by scripts/collect-reference-examples.ts; do not edit.
import { useOrganizationList } from '@clerk/tanstack-react-start'

export function JoinedOrganizations() {
  const { isLoaded, setActive, userMemberships } = useOrganizationList({
    userMemberships: {
      infinite: true,
    },
  })

  // Handle loading state
  if (!isLoaded) return <div>Loading...</div>

  return (
    <>
      <ul>
        {userMemberships.data?.map((mem) => (
          <li key={mem.id}>
            <span>{mem.organization.name}</span>
            <button onClick={() => setActive({ organization: mem.organization.id })}>Select</button>
          </li>
        ))}
      </ul>

      <button disabled={!userMemberships.hasNextPage} onClick={() => userMemberships.fetchNext()}>
        Load more
      </button>
    </>
  )
}

import { createFileRoute } from '@tanstack/react-router'

/**
 * A page with about as many elements as the app's `/dashboard` (~150): a header (five elements) and 29 cards of
 * five elements each (150 in all), rendered from loader data so it is dehydrated like a real page's.
 */
const CARDS = 29

export const Route = createFileRoute('/list')({
  loader: () =>
    Array.from({ length: CARDS }, (_, i) => ({
      id: `item-${i}`,
      title: `Item ${i + 1}`,
      detail: `Signed in from device ${i + 1}, last active ${i + 1} minutes ago`,
    })),
  component: List,
})

function List() {
  const items = Route.useLoaderData()
  return (
    <main>
      <header>
        <h1>List</h1>
        <p>{items.length} items</p>
      </header>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <article>
              <h2>{item.title}</h2>
              <p>{item.detail}</p>
              <button type="button">Open</button>
            </article>
          </li>
        ))}
      </ul>
    </main>
  )
}

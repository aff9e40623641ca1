import { createFileRoute, Link } from '@tanstack/react-router'

/** The small page: what the framework costs to render a heading, a paragraph and a link. */
export const Route = createFileRoute('/')({
  component: () => (
    <main>
      <h1>Framework reference</h1>
      <p>A TanStack Start app with nothing but the framework.</p>
      <Link to="/list">The list</Link>
    </main>
  ),
})

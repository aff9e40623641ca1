import { createFileRoute } from '@tanstack/react-router'
import { loadReferenceExample, ReferenceExample } from '../../components/examples/reference-example.tsx'
import { titled } from '../../components/page-title.ts'

/** `/examples/reference/<name>`: one of the reference's documentation examples, on your session. */
export const Route = createFileRoute('/examples/reference/$name')({
  loader: ({ params, context }) => loadReferenceExample(params.name, context),
  head: titled("The reference's example"),
  component: ReferenceExamplePage,
})

function ReferenceExamplePage() {
  const { name } = Route.useParams()
  const { source } = Route.useLoaderData()
  return <ReferenceExample name={name} source={source} />
}

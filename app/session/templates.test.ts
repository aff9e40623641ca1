import { describe, expect, it } from 'vitest'
import { renderTemplateClaims, type TemplateData } from './templates.ts'

const data: TemplateData = {
  user: { id: 'user_1', first_name: 'Ada', last_name: null, email_verified: true, roles: ['admin'] },
  session: { id: 'sess_1', actor: null },
  org: null,
}

describe('renderTemplateClaims', () => {
  it.each([
    ['{{user.id}}', 'user_1'],
    ['{{user.email_verified}}', true],
    ['{{user.roles}}', ['admin']],
    ['{{ user.first_name }}', 'Ada'],
    ['{{user.last_name}}', null],
    ["{{user.last_name || 'unknown'}}", 'unknown'],
    ['{{user.last_name || user.first_name}}', 'Ada'],
    ['{{org.id || 42}}', 42],
    ['{{org.slug}}', null],
    ['{{user.no_such_field}}', null],
    ['{{process.env.SECRET}}', null],
    ['{{user.__proto__}}', null],
    ['Hello {{user.first_name}}!', 'Hello Ada!'],
    ['{{user.first_name}} {{user.last_name}}', 'Ada '],
    ['no shortcodes', 'no shortcodes'],
    [7, 7],
  ])('renders %j as %j', (template, expected) => {
    expect(renderTemplateClaims({ claim: template }, data).claim).toEqual(expected)
  })

  it('renders nested objects and arrays', () => {
    expect(renderTemplateClaims({ app: { name: '{{user.first_name}}', tags: ['{{session.id}}', 'x'] } }, data)).toEqual(
      {
        app: { name: 'Ada', tags: ['sess_1', 'x'] },
      },
    )
  })
})

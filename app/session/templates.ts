/**
 * JWT templates (docs/reference.md#session-tokens): extra claims for third-party backends, written as JSON whose
 * string values may hold shortcodes — `{{user.first_name}}`, `{{session.id}}`, `{{org.slug}}` —
 * with `||` fallbacks (`{{user.last_name || 'unknown'}}`). A string that is one shortcode takes its
 * value's type; shortcodes inside other text become text. An unknown shortcode is null.
 */

import type { JsonValue } from './json.ts'

export type TemplateData = {
  user: Record<string, JsonValue>
  session: Record<string, JsonValue>
  org: Record<string, JsonValue> | null
}

const WHOLE = /^\{\{([^{}]+)\}\}$/
const ANYWHERE = /\{\{([^{}]+)\}\}/g
const STRING_LITERAL = /^'([^']*)'$|^"([^"]*)"$/
const NUMBER_LITERAL = /^-?\d+(\.\d+)?$/
const PATH = /^(user|session|org)(\.[A-Za-z_][A-Za-z0-9_]*)+$/

function operand(raw: string, data: TemplateData): JsonValue {
  const text = raw.trim()
  const quoted = STRING_LITERAL.exec(text)
  if (quoted) return quoted[1] ?? quoted[2] ?? ''
  if (NUMBER_LITERAL.test(text)) return Number(text)
  if (text === 'true' || text === 'false') return text === 'true'
  if (text === 'null') return null
  if (!PATH.test(text)) return null
  let value: JsonValue | undefined = data as unknown as JsonValue
  for (const key of text.split('.')) {
    // Own properties only: `{{user.__proto__}}` must not reach Object.prototype.
    value =
      value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key)
        ? value[key]
        : undefined
  }
  return value ?? null
}

/** The first truthy operand of `a || b || 'c'`, else the last one's value. */
function evaluate(expression: string, data: TemplateData): JsonValue {
  const operands = expression.split('||')
  let value: JsonValue = null
  for (const raw of operands) {
    value = operand(raw, data)
    if (value !== null && value !== '' && value !== false && value !== 0) return value
  }
  return value
}

function render(value: JsonValue, data: TemplateData): JsonValue {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value)
    if (whole) return evaluate(whole[1] ?? '', data)
    return value.replace(ANYWHERE, (_, expression: string) => {
      const result = evaluate(expression, data)
      return result === null ? '' : typeof result === 'object' ? JSON.stringify(result) : String(result)
    })
  }
  if (Array.isArray(value)) return value.map((item) => render(item, data))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, render(item, data)]))
  }
  return value
}

export function renderTemplateClaims(claims: Record<string, JsonValue>, data: TemplateData): Record<string, JsonValue> {
  return render(claims, data) as Record<string, JsonValue>
}

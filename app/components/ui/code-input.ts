/**
 * What a one-time code field keeps of what is typed or pasted: digits only, at most as many as the
 * code has (issue 22 item 9: a paste of "Your code: 000000" used to leave "Your code: ").
 */

/** Typed (or autofilled) text: its digits, the first `digits` of them. */
export function typedCode(text: string, digits: number): string {
  return text.replace(/\D/g, '').slice(0, digits)
}

/**
 * Pasted text, often a whole message ("Your code: 123 456. It works for 10 minutes."): the first
 * run of exactly `digits` digits (spaces or dashes inside it allowed, as codes are often grouped),
 * else the first `digits` digits of the text.
 */
export function pastedCode(text: string, digits: number): string {
  for (const match of text.matchAll(/\d(?:[ \u00a0-]?\d)*/g)) {
    const run = match[0].replace(/\D/g, '')
    if (run.length === digits) return run
  }
  return typedCode(text, digits)
}

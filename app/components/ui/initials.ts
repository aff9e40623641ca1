/**
 * An avatar's initials: the first letter of the first two words, or the first two of a single
 * word. Counted in graphemes (what a reader sees as one character), so an emoji, a flag or a letter
 * with combining marks is never cut in half; punctuation and symbols separate words and are never
 * shown (`<Script>` gives `SC`). The result is the same on the server and in the browser, so a page
 * hydrates whatever the name.
 */

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' })

/** A grapheme that can stand for a word: a letter, a digit, or a picture (emoji, flag). */
const WORD_START = /^[\p{L}\p{N}\p{Extended_Pictographic}\p{Regional_Indicator}]/u

function words(name: string): string[][] {
  const result: string[][] = []
  let word: string[] = []
  for (const { segment } of segmenter.segment(name)) {
    if (WORD_START.test(segment)) {
      word.push(segment)
    } else if (word.length > 0) {
      result.push(word)
      word = []
    }
  }
  if (word.length > 0) result.push(word)
  return result
}

export function initials(name: string): string {
  const [first, second] = words(name)
  if (!first) return '?'
  const letters = second ? [first[0], second[0]] : first.slice(0, 2)
  return letters.join('').toUpperCase()
}

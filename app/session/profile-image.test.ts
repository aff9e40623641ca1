import { describe, expect, it } from 'vitest'
import { IMAGE_DIGEST_PATTERN, profileImageUrl, sniffImageType } from './profile-image.ts'

const bytes = (...values: number[]) => Uint8Array.from(values)
const ascii = (text: string) => new TextEncoder().encode(text)

describe('sniffImageType', () => {
  it('recognises JPEG, PNG and WebP by their signatures', () => {
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0))).toBe('image/jpeg')
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png')
    expect(sniffImageType(ascii('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp')
  })

  it('refuses everything else, whatever its name says: SVG, GIF, HTML, a RIFF that is not WebP, nothing', () => {
    expect(sniffImageType(ascii('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
    expect(sniffImageType(ascii('GIF89a'))).toBeNull()
    expect(sniffImageType(ascii('<html><script>alert(1)</script>'))).toBeNull()
    expect(sniffImageType(ascii('RIFF\u0000\u0000\u0000\u0000WAVE'))).toBeNull()
    expect(sniffImageType(bytes(0xff, 0xd8))).toBeNull()
    expect(sniffImageType(new Uint8Array())).toBeNull()
  })
})

describe('profileImageUrl', () => {
  it('names the user and the content hash', () => {
    const digest = 'a'.repeat(43)
    expect(IMAGE_DIGEST_PATTERN.test(digest)).toBe(true)
    expect(profileImageUrl('user_1', digest)).toBe(`/images/users/user_1/${digest}`)
  })
})

import { createFileRoute } from '@tanstack/react-router'
import { getDb } from '../../server/db.server.ts'
import { errorResponse, methodNotAllowed } from '../../server/http.server.ts'
import { loadProfileImage } from '../../server/profile.server.ts'
import { TesseraError } from '../../session/errors.ts'
import { isPublicId } from '../../session/identifiers.ts'
import { PROFILE_IMAGE_MAX_AGE_SECONDS } from '../../session/policy.ts'
import { IMAGE_DIGEST_PATTERN } from '../../session/profile-image.ts'

/**
 * A profile image, public like the reference's image URLs (the URL holds an unguessable content
 * hash). The URL never changes meaning, so browsers and proxies keep it for a year; a new image
 * has a new URL, and an old URL answers 404.
 */
export const Route = createFileRoute('/images/users/$userId/$digest')({
  server: {
    handlers: {
      ANY: methodNotAllowed('GET'),
      GET: async ({ params, request }) => {
        const notFound = () => errorResponse(new TesseraError('not_found'))
        if (!isPublicId('user', params.userId) || !IMAGE_DIGEST_PATTERN.test(params.digest)) return notFound()
        const etag = `"${params.digest}"`
        const cacheControl = `public, max-age=${PROFILE_IMAGE_MAX_AGE_SECONDS}, immutable`
        const image = await loadProfileImage(await getDb(), params.userId, params.digest)
        if (!image) return notFound()
        if (request.headers.get('if-none-match') === etag)
          return new Response(null, { status: 304, headers: { etag, 'cache-control': cacheControl } })
        return new Response(new Uint8Array(image.bytes), {
          headers: {
            'content-type': image.contentType,
            'content-length': String(image.bytes.byteLength),
            'cache-control': cacheControl,
            etag,
            'cross-origin-resource-policy': 'same-origin',
            'content-security-policy': "default-src 'none'; sandbox",
          },
        })
      },
    },
  },
})

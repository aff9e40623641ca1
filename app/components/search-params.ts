import * as z from 'zod'

/**
 * Search parameters of paged lists (`?page=2&q=…`): each optional, and anything malformed (a
 * hand-edited address) read as absent rather than an error page.
 */
export const pageParam = z.number().int().min(0).optional().catch(undefined)

export const textParam = (maxLength: number) => z.string().trim().max(maxLength).optional().catch(undefined)

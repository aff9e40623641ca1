import * as z from 'zod'
import { cursorSchema } from '../functions/schemas.ts'

/**
 * Search parameters of paged lists (`?page=2&q=…`): each optional, and anything malformed (a
 * hand-edited address) read as absent rather than an error page.
 */
export const pageParam = z.number().int().min(0).optional().catch(undefined)

export const textParam = (maxLength: number) => z.string().trim().max(maxLength).optional().catch(undefined)

/**
 * Where the previous page of a keyset list ended (`?after=…`), for a list whose ids `id` accepts;
 * a cursor that is not one of this list's is read as absent (the first page).
 */
export const cursorParam = (id: z.ZodType<string, string>) => {
  const cursor = cursorSchema(id)
  return z
    .string()
    .refine((value) => cursor.safeParse(value).success)
    .optional()
    .catch(undefined)
}

import { z } from "@medusajs/framework/zod"

const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value),
    z.number().int().min(min).max(max)
  )

/**
 * `limit` and `offset` for list routes, bounded. Medusa's validation
 * middleware words the errors ("Value for field 'limit' too big, expected at
 * most: '100'").
 */
export function paginationParams({ limit = 20, maxLimit = 100 } = {}) {
  return {
    limit: wholeNumber(1, maxLimit).optional().default(limit),
    offset: wholeNumber(0, Number.MAX_SAFE_INTEGER).optional().default(0),
    fields: z.string().optional(),
  }
}

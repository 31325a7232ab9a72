import { z } from "@medusajs/framework/zod"

const currencyCode = z.string().regex(/^[a-z]{3}$/, { error: "currency codes are three lower-case letters, e.g. eur" })
const amount = z.union([z.number(), z.string()]).transform((v) => String(v)).refine((v) => /^\d+(\.\d+)?$/.test(v) && Number(v) > 0, {
  message: "must be a positive amount",
})

const trigger = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("order") }),
  z.strictObject({
    kind: z.literal("product"),
    product_ids: z.array(z.string().min(1)).max(200).optional(),
    collection_ids: z.array(z.string().min(1)).max(200).optional(),
    category_ids: z.array(z.string().min(1)).max(200).optional(),
  }),
])

const reward = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("amount_off"), amount, currency_code: currencyCode }),
  z.strictObject({ type: z.literal("free_product"), product_id: z.string().min(1) }),
])

/** A stamp card: stamps needed, what earns a stamp (any qualifying order, or a product of some products, collections or categories), a minimum per currency, and the reward when full. */
export const AdminCreateStampCard = z.strictObject({
  name: z.string().trim().min(1).max(120),
  stamps_needed: z.number().int().min(2).max(100),
  trigger,
  min_amount: z.record(currencyCode, amount).nullable().optional(),
  reward,
  active: z.boolean().optional(),
})
export type AdminCreateStampCardType = z.infer<typeof AdminCreateStampCard>

export const AdminUpdateStampCard = AdminCreateStampCard.partial()
export type AdminUpdateStampCardType = z.infer<typeof AdminUpdateStampCard>

import { z } from "@medusajs/framework/zod"

/** `GET /admin/loyalty/shopify-webhooks`: failed and dead deliveries, newest first, optionally of one status. */
export const AdminGetShopifyWebhooksParams = z.strictObject({
  status: z.enum(["failed", "dead"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export type AdminGetShopifyWebhooksParamsType = z.infer<typeof AdminGetShopifyWebhooksParams>

import { z } from "@medusajs/framework/zod"
import { DATA_REQUEST_STATUSES } from "../../../../modules/shopify/models/data-request"
import { paginationParams } from "../../../utils/pagination"

/** `GET /admin/loyalty/privacy-requests`: newest first, optionally of one status. */
export const AdminGetPrivacyRequestsParams = z.strictObject({
  ...paginationParams({ limit: 20, maxLimit: 100 }),
  status: z.enum(DATA_REQUEST_STATUSES).optional(),
})
export type AdminGetPrivacyRequestsParamsType = z.infer<typeof AdminGetPrivacyRequestsParams>

export const AdminGetPrivacyRequestParams = z.strictObject({ fields: z.string().optional() })

import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { AdminGetPrivacyRequestsParamsType } from "./validators"

/**
 * Privacy requests Shopify forwarded (`customers/data_request`), newest
 * first, optionally of one `status` (`ready`: an export to download,
 * `empty`: Kapy knew nothing of the customer, `erased`: the customer was
 * redacted since). The exports themselves are downloaded one by one.
 * Reads only.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetPrivacyRequestsParamsType>, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { status } = req.validatedQuery
  const { data, metadata } = await query.graph({
    entity: "shopify_data_request",
    fields: req.queryConfig.fields,
    filters: status ? { status } : {},
    pagination: { ...req.queryConfig.pagination, order: { created_at: "DESC", id: "DESC" } },
  })
  res.json({
    privacy_requests: data,
    count: metadata?.count ?? data.length,
    limit: metadata?.take ?? req.queryConfig.pagination?.take,
    offset: metadata?.skip ?? req.queryConfig.pagination?.skip ?? 0,
  })
}

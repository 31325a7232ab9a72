import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { escapeLikePattern } from "../../utils/search"
import type { AdminGetReviewsParamsType } from "./validators"

/** Reviews, newest first, filtered by `status`, `product_id` and `q` (title, text, display name). Reads only. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetReviewsParamsType>, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { status, product_id, q } = req.validatedQuery
  const filters: Record<string, unknown> = {}
  if (status) {
    filters.status = status
  }
  if (product_id) {
    filters.product_id = product_id
  }
  if (q) {
    const like = `%${escapeLikePattern(q)}%`
    filters.$or = [{ title: { $ilike: like } }, { content: { $ilike: like } }, { display_name: { $ilike: like } }]
  }
  const { data, metadata } = await query.graph({
    entity: "review",
    fields: req.queryConfig.fields,
    filters,
    pagination: { ...req.queryConfig.pagination, order: { created_at: "DESC", id: "DESC" } },
  })
  res.json({
    reviews: data,
    count: metadata?.count ?? data.length,
    limit: metadata?.take ?? req.queryConfig.pagination.take,
    offset: metadata?.skip ?? req.queryConfig.pagination.skip,
  })
}

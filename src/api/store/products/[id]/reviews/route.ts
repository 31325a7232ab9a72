import type { AuthenticatedMedusaRequest, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_REVIEWS_MODULE } from "../../../../../modules/reviews"
import type ReviewModuleService from "../../../../../modules/reviews/service"
import { submitProductReviewWorkflow } from "../../../../../workflows/reviews"
import { runForRoute } from "../../../../utils/run-workflow"
import { STORE_REVIEW_FIELDS } from "../../query-config"
import type { StoreGetProductReviewsParamsType, StorePostProductReviewType } from "../../validators"

/**
 * The logged-in customer reviews the product, or edits their pending
 * review (409 once it is decided). Answers the review as the shopper sees
 * it, with its status.
 */
export const POST = async (req: AuthenticatedMedusaRequest<StorePostProductReviewType>, res: MedusaResponse) => {
  const { result } = await runForRoute(
    submitProductReviewWorkflow(req.scope).run({
      input: { ...req.validatedBody, product_id: req.params.id, customer_id: req.auth_context.actor_id },
    })
  )
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [review] } = await query.graph({ entity: "review", fields: [...STORE_REVIEW_FIELDS, "status"], filters: { id: result.id } })
  res.status(201).json({ review })
}

/** A product's approved reviews (display names only), with their average rating and count. Reads only. */
export const GET = async (req: MedusaRequest<unknown, StoreGetProductReviewsParamsType>, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const reviews = req.scope.resolve<ReviewModuleService>(KAPY_REVIEWS_MODULE)
  const order = req.validatedQuery.order
  const column = order.replace(/^-/, "")
  const { data, metadata } = await query.graph({
    entity: "review",
    fields: req.queryConfig.fields,
    filters: { product_id: req.params.id, status: "approved" },
    pagination: {
      ...req.queryConfig.pagination,
      order: { [column]: order.startsWith("-") ? "DESC" : "ASC", id: "DESC" },
    },
  })
  const summary = await reviews.retrieveRatingSummary(req.params.id)
  res.json({
    reviews: data,
    average_rating: summary.average_rating,
    count: metadata?.count ?? summary.count,
    limit: metadata?.take ?? req.queryConfig.pagination.take,
    offset: metadata?.skip ?? req.queryConfig.pagination.skip,
  })
}

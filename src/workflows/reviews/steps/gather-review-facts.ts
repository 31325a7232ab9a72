import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { plainText, reviewerDisplayName } from "../../../rules/awards"

export const gatherReviewFactsStepId = "kapy-gather-review-facts"

export type ReviewPostInput = { product_id: string; customer_id: string; rating: number; title: string; content: string }

/**
 * What a review needs from Medusa and the program: the product (404 when
 * it is not there), the writer's display name, whether they bought it (a
 * placed order, not cancelled, with the product), the text as plain text
 * within the program's limits (400 naming the field), and whether the shop
 * approves reviews automatically.
 *
 * @example
 * gatherReviewFactsStep({ product_id: "prod_123", customer_id: "cus_123", rating: 5, title: "Warm", content: "…" })
 */
export const gatherReviewFactsStep = createStep(gatherReviewFactsStepId, async (input: ReviewPostInput, { container }) => {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const settings = await loyalty.retrieveProgramSettings()
  const title = plainText(input.title)
  const content = plainText(input.content)
  for (const [field, text, max] of [
    ["title", title, settings.abuse.review_title_max],
    ["content", content, settings.abuse.review_content_max],
  ] as const) {
    if (!text) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `${field} must contain text (HTML is removed)`)
    }
    if (text.length > max) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `${field} must be at most ${max} characters`)
    }
  }
  const { data: [product] } = await query.graph({ entity: "product", fields: ["id"], filters: { id: input.product_id } })
  if (!product) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Product ${input.product_id} was not found`)
  }
  const { data: [customer] } = await query.graph({
    entity: "customer",
    fields: ["id", "first_name", "last_name"],
    filters: { id: input.customer_id },
  })
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "status", "items.product_id"],
    filters: { customer_id: input.customer_id, status: { $nin: ["canceled", "draft"] } } as Record<string, unknown>,
  })
  const verified = orders.some((o: any) => (o.items ?? []).some((i: any) => i?.product_id === input.product_id))
  return new StepResponse({
    product_id: input.product_id,
    customer_id: input.customer_id,
    rating: input.rating,
    title,
    content,
    display_name: reviewerDisplayName(customer?.first_name, customer?.last_name),
    verified_purchase: verified,
    auto_approve: settings.earning.review_auto_approve,
  })
})

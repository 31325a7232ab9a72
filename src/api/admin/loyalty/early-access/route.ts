import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import { setEarlyAccessWorkflow } from "../../../../workflows/tiers"
import type { AdminSetEarlyAccessType } from "../tiers/validators"

/**
 * Puts a product in VIP early access: until `until`, only members of
 * `tier_ids` see it in the store API and may add it to a cart. Setting it
 * again replaces the product's earlier restriction.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSetEarlyAccessType>, res: MedusaResponse) => {
  const { result } = await setEarlyAccessWorkflow(req.scope).run({
    input: { ...req.validatedBody, created_by: req.auth_context.actor_id },
  })
  res.status(201).json({ early_access: result })
}

/**
 * The early-access restrictions still running (`until` in the future),
 * the soonest to end first; `?product_id=` narrows to one product.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const productId = typeof req.query.product_id === "string" ? req.query.product_id : undefined
  const [early_access, count] = await loyalty.listAndCountLoyaltyEarlyAccesses(
    { until: { $gt: new Date() }, ...(productId ? { product_id: productId } : {}) } as any,
    { order: { until: "ASC" }, select: ["id", "product_id", "tier_ids", "until", "created_by", "created_at"] }
  )
  res.json({ early_access, count })
}

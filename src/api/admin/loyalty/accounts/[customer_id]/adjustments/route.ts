import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { adjustMember } from "../../../members/member-writes"
import type { AdminCreateLoyaltyAdjustmentType } from "../../../validators"

/**
 * Adds (positive) or removes (negative) points with a reason, attributed to
 * the admin; the customer becomes a member on first need. Send an
 * idempotency key (body or `Idempotency-Key` header) to make retries safe;
 * a replay answers 200 with the original entry.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateLoyaltyAdjustmentType>, res: MedusaResponse) => {
  const { replayed, ...body } = await adjustMember(req, { customer_id: req.params.customer_id })
  res.status(replayed ? 200 : 201).json(body)
}

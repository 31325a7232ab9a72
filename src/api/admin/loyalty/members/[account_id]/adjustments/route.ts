import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { adjustMember } from "../../member-writes"
import type { AdminCreateLoyaltyAdjustmentType } from "../../../validators"

/**
 * Adds (positive) or removes (negative) points for the member, with a
 * reason, attributed to the admin: the same workflow as a customer's
 * adjustment, for a member who may have no Medusa customer. Send an
 * idempotency key (body or `Idempotency-Key` header) to make retries safe;
 * a replay answers 200 with the original entry.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateLoyaltyAdjustmentType>, res: MedusaResponse) => {
  const { replayed, ...body } = await adjustMember(req, { account_id: req.params.account_id })
  res.status(replayed ? 200 : 201).json(body)
}

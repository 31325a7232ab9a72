import { completeCartWorkflow } from "@medusajs/core-flows"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { voidOnFailure } from "../common/void-on-failure"
import { redeemCartPoints, redeemCartPointsStepId } from "../redemption/steps/redeem-cart-points"
import type { RedemptionCart } from "../redemption/utils/cart-redemption"

/**
 * Points leave the account while the order is placed: in `validate`, the
 * one completeCartWorkflow hook Medusa's @medusajs/loyalty-plugin leaves
 * free (a hook takes one handler per app). Should a later step fail —
 * payment authorisation, say — the compensation gives the points back.
 */
completeCartWorkflow.hooks.validate(
  async ({ cart }, { container }) => {
    const entryId = await redeemCartPoints(container, cart as unknown as RedemptionCart)
    return new StepResponse(entryId, entryId)
  },
  voidOnFailure(redeemCartPointsStepId)
)

import { MathBN } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { MemberRef } from "../../../types/loyalty"
import { shopifyOrderRef } from "../utils/refs"
import { refundBaseOf, ShopifyReversalInput } from "./reverse-shopify-order-points"

export const recordShopifyTierReversalStepId = "kapy-record-shopify-tier-reversal"

/**
 * Takes what came back of a Shopify order off its member's tier metric, as
 * for Medusa orders: all of its item total once cancelled, else the
 * refunded items' share of it (never more than the total); the order stops counting
 * when fully reversed. Cumulative under the account's lock. Returns the
 * member to evaluate, or null when the order never counted.
 *
 * @example
 * const member = recordShopifyTierReversalStep({ shop_domain, order_id, cause: "refund", refunded: "20" })
 */
export const recordShopifyTierReversalStep = createStep(
  recordShopifyTierReversalStepId,
  async (input: ShopifyReversalInput, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(await recordShopifyTierReversal(loyalty, input))
  }
)

/**
 * Takes what came back of a Shopify order off its member's tier metric
 * (the step's write, also made by the batched earner's outbox); returns
 * the member to evaluate, or null when the order never counted.
 */
export async function recordShopifyTierReversal(loyalty: LoyaltyModuleService, input: ShopifyReversalInput): Promise<MemberRef | null> {
  const earned = await loyalty.findOrderEarning(shopifyOrderRef(input.shop_domain, input.order_id))
  const itemTotal = (earned?.entry.metadata as any)?.item_total
  if (!earned || itemTotal === undefined) {
    return null
  }
  const base = refundBaseOf(earned.entry.metadata)
  const share = MathBN.gt(base, 0) ? MathBN.div(MathBN.mult(itemTotal, input.refunded ?? 0), base) : MathBN.convert(0)
  const total = input.cause === "canceled" ? MathBN.convert(itemTotal) : MathBN.convert(MathBN.min(share, itemTotal), 2)
  const recorded = await loyalty.recordTierReversal({
    member: { account_id: earned.entry.account_id },
    source_type: "shopify_order",
    source_id: input.order_id,
    total_amount: total.toString(),
    currency_code: earned.entry.currency_code ?? "eur",
    fully_reversed: MathBN.gte(total, itemTotal),
    occurred_at: new Date(),
  })
  return recorded ? ({ account_id: recorded.account_id } as MemberRef) : null
}

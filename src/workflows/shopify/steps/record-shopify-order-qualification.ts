import { MathBN } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { shopifyEarningItems, ShopifyOrderFacts, shopifyOrderSkipReason } from "../../../rules/shopify-orders"
import type { MemberRef } from "../../../types/loyalty"
import { shopifyIdentity, shopifyOrderRef } from "../utils/refs"

export const recordShopifyOrderQualificationStepId = "kapy-record-shopify-order-qualification"

/** A Shopify order's item total as tiers count it: what the shopper paid for the lines (tax as the prices have it). */
export function shopifyItemTotal(order: Pick<ShopifyOrderFacts, "lines" | "taxes_included">) {
  return shopifyEarningItems(order)
    .reduce((sum, item) => MathBN.add(sum, item.total), MathBN.convert(0))
    .toString()
}

/**
 * Records what a paid Shopify order counts toward its member's tier, as a
 * Medusa order does (`recordOrderQualificationStep`): its item total, once
 * per order. Returns the member to evaluate, or null (a skipped order). A
 * later failure removes the record (unless an earlier run made it).
 *
 * @example
 * const member = recordShopifyOrderQualificationStep({ shop_domain, order })
 */
export const recordShopifyOrderQualificationStep = createStep(
  recordShopifyOrderQualificationStepId,
  async (input: { shop_domain: string; order: ShopifyOrderFacts; require_paid?: boolean }, { container }) => {
    const { order } = input
    if (shopifyOrderSkipReason(order, { require_paid: input.require_paid })) {
      return new StepResponse(null as MemberRef | null, null)
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const account = await loyalty.ensureMember(shopifyIdentity(container, order.customer!))
    const { key, recorded } = await recordShopifyOrderQualification(loyalty, { shop_domain: input.shop_domain, order, account_id: account.id })
    return new StepResponse({ account_id: account.id } as MemberRef | null, recorded ? key : null)
  },
  async (key, { container }) => {
    if (key) {
      await container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE).discardTierQualification(key)
    }
  }
)

/**
 * What a paid (not skipped) Shopify order counts toward its member's tier,
 * as `recordTierQualification` takes it (kind `placed`), keyed once per
 * order: the one write of the step and of the batched earner's outbox.
 */
export function shopifyOrderQualification(input: { shop_domain: string; order: ShopifyOrderFacts; account_id: string }) {
  const { order } = input
  return {
    account_id: input.account_id,
    source_type: "shopify_order",
    source_id: order.id,
    idempotency_key: `tier-placed:order:${shopifyOrderRef(input.shop_domain, order.id)}`,
    amount: shopifyItemTotal(order),
    currency_code: order.currency_code,
    orders: 1,
    occurred_at: order.processed_at ? new Date(order.processed_at) : new Date(),
  }
}

/**
 * Records what a paid (not skipped) Shopify order counts toward its
 * member's tier, once per order (its key): the step's write. The batched
 * earner's outbox records a batch's orders at once
 * (`recordTierQualificationsInBulk` of `shopifyOrderQualification`).
 */
export async function recordShopifyOrderQualification(
  loyalty: LoyaltyModuleService,
  input: { shop_domain: string; order: ShopifyOrderFacts; account_id: string }
): Promise<{ key: string; recorded: boolean }> {
  const { account_id, ...row } = shopifyOrderQualification(input)
  const { recorded } = await loyalty.recordTierQualification({ member: { account_id }, kind: "placed", ...row })
  return { key: row.idempotency_key, recorded: !!recorded }
}

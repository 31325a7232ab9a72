import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { DISCOUNT_CODE_DELETE, DISCOUNT_CODE_USAGE } from "../utils/graphql"
import { shopifyModule } from "../utils/refs"

export const returnExpiredShopifyCodeStepId = "kapy-return-expired-shopify-code"

/**
 * An expired discount code: if an order used it, it is marked used;
 * otherwise it is deleted on Shopify and its cones come back. Exactly once
 * however many jobs run: the return is a ledger reversal under a key of
 * its own (`shopify-code-expired:<code>`, a replay changes nothing) and the
 * code moves from `active` by a conditional update. No compensation: the
 * cones of a lapsed code belong to the member.
 *
 * @example
 * const returned = returnExpiredShopifyCodeStep({ code: "KAPY-7QX2M9KPTA" })
 */
export const returnExpiredShopifyCodeStep = createStep(
  returnExpiredShopifyCodeStepId,
  async (input: { code: string }, { container }) => {
    const shopify = shopifyModule(container)
    const row = await shopify.retrieveCode(input.code)
    if (!row || row.status !== "active" || !row.spend_entry_id) {
      return new StepResponse(null)
    }
    if (row.shopify_discount_id) {
      const { data } = await shopify.admin().request<any>(DISCOUNT_CODE_USAGE, { id: row.shopify_discount_id })
      const used = Number(data?.codeDiscountNode?.codeDiscount?.asyncUsageCount ?? 0)
      if (used > 0) {
        await shopify.transitionCode({ code: row.code, from: ["active"], to: "used", fields: { used_at: new Date() } })
        return new StepResponse(null)
      }
      if (data?.codeDiscountNode) {
        await shopify.admin().request(DISCOUNT_CODE_DELETE, { id: row.shopify_discount_id })
      }
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const returned = await loyalty.reversePoints({
      entry_id: row.spend_entry_id,
      idempotency_key: `shopify-code-expired:${row.code}`,
      actor_type: "system",
      actor_id: returnExpiredShopifyCodeStepId,
      source_type: "shopify_discount_code",
      source_id: row.code,
      note: `Discount code ${row.code} expired unused`,
    })
    const moved = await shopify.transitionCode({
      code: row.code,
      from: ["active"],
      to: "expired",
      fields: { return_entry_id: returned.entry.id },
    })
    return new StepResponse(moved && !returned.replayed ? returned : null)
  }
)

import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { redeemedPointsToReturn } from "../../../rules/refunds"
import type { LedgerResult } from "../../../types/loyalty"
import { DISCOUNT_CODE_DELETE } from "../utils/graphql"
import { shopifyModule } from "../utils/refs"

export const returnShopifyOrderCodesStepId = "kapy-return-shopify-order-codes"

export type ShopifyOrderCodesInput = {
  shop_domain: string
  order_id: string
  /** The discount codes the order used (`discount_codes[].code`); codes that are not Kapy's are left alone. */
  codes: string[]
  /** Why the purchase did not happen, for the ledger's note. */
  cause: "canceled" | "refunded"
}

/**
 * Gives back the cones of Kapy's cone codes a cancelled or fully refunded
 * Shopify order used (rule 2 of the refund rules: a purchase that did not
 * happen returns all its cones). For each code of this shop that was
 * bought with cones and is active or used: marked used (so the expiry job
 * never returns it a second time), deleted on Shopify (it must not be
 * spent again), and its spend reversed up to all its cones under the key
 * `shopify-code-returned:<code>` — once, however often `orders/cancelled`
 * or the last refund arrives. No compensation: each write is idempotent,
 * a retry finishes what a failure left.
 *
 * @example
 * const returned = returnShopifyOrderCodesStep({ shop_domain, order_id: "820982911946154508", codes: ["KAPY-7QX2M9KPTA"], cause: "canceled" })
 */
export const returnShopifyOrderCodesStep = createStep(
  returnShopifyOrderCodesStepId,
  async (input: ShopifyOrderCodesInput, { container }) => {
    const shopify = shopifyModule(container)
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const returned: LedgerResult[] = []
    for (const code of new Set(input.codes)) {
      const row = await shopify.retrieveCode(code)
      if (!row || row.shop_domain !== input.shop_domain || !row.spend_entry_id || !["active", "used"].includes(row.status)) {
        continue
      }
      await shopify.transitionCode({ code, from: ["active"], to: "used", fields: { used_at: new Date() } })
      if (row.shopify_discount_id && !row.return_entry_id) {
        // already gone on Shopify (a retry, or deleted by hand) is as good as deleted
        await shopify.admin().request(DISCOUNT_CODE_DELETE, { id: row.shopify_discount_id })
      }
      const result = await loyalty.reversePointsUpTo({
        entry_id: row.spend_entry_id,
        total: redeemedPointsToReturn({ cause: "canceled", spent_points: row.points, policy: "proportional" })!,
        idempotency_key: `shopify-code-returned:${code}`,
        actor_type: "system",
        actor_id: returnShopifyOrderCodesStepId,
        source_type: "shopify_discount_code",
        source_id: code,
        note: `Shopify order ${input.order_id} ${input.cause}: the cones of ${code} come back`,
      })
      if (result) {
        await shopify.updateCodeFields(code, { return_entry_id: result.entry.id, note: `order ${input.order_id} ${input.cause}` })
        if (!result.replayed) {
          returned.push(result)
        }
      }
    }
    return new StepResponse(returned)
  }
)

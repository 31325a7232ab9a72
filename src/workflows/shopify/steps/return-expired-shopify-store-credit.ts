import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MathBN } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { shopifyStoreCreditExpiredKey, unusedValuePoints } from "../../../rules/redemption"
import { STORE_CREDIT_REMAINING } from "../utils/graphql"
import { shopifyModule } from "../utils/refs"

export const returnExpiredShopifyStoreCreditStepId = "kapy-return-expired-shopify-store-credit"

/**
 * A store credit past its expiry: Shopify expired what was left of it
 * itself, and its credit transaction's `remainingAmount` is that unused
 * part. The cones of that part come back (`unusedValuePoints`: its share
 * of the cones, rounded down; all of them when nothing was used) and the
 * credit is marked expired; a credit used up is marked used. Exactly once
 * however many jobs run: the return is a ledger reversal under a key per
 * credit (`shopify-credit-expired:<id>`) and the status moves from
 * `active` by a conditional update. No compensation: the cones of a
 * lapsed credit belong to the member.
 *
 * @example
 * const returned = returnExpiredShopifyStoreCreditStep({ id: "kssr_…" })
 */
export const returnExpiredShopifyStoreCreditStep = createStep(
  returnExpiredShopifyStoreCreditStepId,
  async (input: { id: string }, { container }) => {
    const shopify = shopifyModule(container)
    const row = await shopify.retrieveStoreCredit(input.id)
    if (!row || row.status !== "active" || !row.spend_entry_id || !row.shopify_transaction_id) {
      return new StepResponse(null)
    }
    const { data } = await shopify.admin().request<any>(STORE_CREDIT_REMAINING, { id: row.shopify_transaction_id })
    const remaining = data?.node?.remainingAmount
    if (!remaining) {
      // Shopify does not know the transaction (yet): asked again on the next run
      return new StepResponse(null)
    }
    const unused = String(remaining.amount)
    const points = unusedValuePoints({ points: row.points, value: row.amount, unused })
    if (points === 0) {
      await shopify.transitionStoreCredit({
        id: row.id,
        from: ["active"],
        to: MathBN.gt(unused, 0) ? "expired" : "used",
        fields: { unused_amount: unused, returned_points: 0 },
      })
      return new StepResponse(null)
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const returned = await loyalty.reversePoints({
      entry_id: row.spend_entry_id,
      points,
      idempotency_key: shopifyStoreCreditExpiredKey(row.id),
      actor_type: "system",
      actor_id: returnExpiredShopifyStoreCreditStepId,
      source_type: "shopify_store_credit",
      source_id: row.id,
      note: `Store credit expired: ${unused} of ${row.amount} ${row.currency_code.toUpperCase()} unused`,
    })
    const moved = await shopify.transitionStoreCredit({
      id: row.id,
      from: ["active"],
      to: "expired",
      fields: { return_entry_id: returned.entry.id, unused_amount: unused, returned_points: points },
    })
    return new StepResponse(moved && !returned.replayed ? returned : null)
  }
)

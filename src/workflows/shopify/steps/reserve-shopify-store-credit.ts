import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { conflictError } from "../../../modules/loyalty/errors"
import { shopifyModule } from "../utils/refs"
import type { ShopifyRedemptionPlan } from "./prepare-shopify-redemption"

export const reserveShopifyStoreCreditStepId = "kapy-reserve-shopify-store-credit"

/**
 * Records the store credit a redeem request is making, once per request
 * key (a unique index decides between a request and its retries): a new
 * key starts a `crediting` row; a retry finds the row its first attempt
 * made and the steps after it replay. 409 while another attempt of the
 * same request is still crediting. Compensation: a row this run started
 * is marked failed, so the request may be tried again.
 *
 * @example
 * const credit = reserveShopifyStoreCreditStep(plan)
 */
export const reserveShopifyStoreCreditStep = createStep(
  reserveShopifyStoreCreditStepId,
  async (plan: ShopifyRedemptionPlan, { container }) => {
    const shopify = shopifyModule(container)
    const { credit, created } = await shopify.reserveStoreCredit({
      shop_domain: plan.shop_domain,
      request_key: plan.request_key,
      account_id: plan.account_id,
      shopify_customer_id: plan.customer_id,
      points: plan.points,
      amount: plan.amount,
      currency_code: plan.currency_code,
      expires_at: new Date(plan.expires_at),
    })
    if (!created && credit.status === "crediting") {
      throw conflictError("This redemption is already being made: try again in a moment")
    }
    return new StepResponse(credit, created ? credit.id : null)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    await shopifyModule(container).transitionStoreCredit({
      id,
      from: ["crediting"],
      to: "failed",
      fields: { note: "Rolled back: a later step failed" },
    })
  }
)

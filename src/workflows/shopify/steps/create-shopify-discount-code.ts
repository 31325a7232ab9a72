import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { createCustomerDiscountCode } from "../utils/discount-codes"
import { DISCOUNT_CODE_DELETE } from "../utils/graphql"
import { shopifyModule } from "../utils/refs"
import type { ShopifyRedemptionPlan } from "./prepare-shopify-redemption"

export const createShopifyDiscountCodeStepId = "kapy-create-shopify-discount-code"

/**
 * Creates the single-use discount code on Shopify (`discountCodeBasicCreate`:
 * the cones' value off the order, for this customer only, once, until it
 * expires, combining with the tier's automatic discount) and records it. When Shopify refuses or cannot be reached, the
 * record is marked failed and the step fails, so the spend before it is
 * voided and the cones come back. Compensation (a later failure): the code
 * is deleted on Shopify.
 *
 * @example
 * const code = createShopifyDiscountCodeStep({ plan, spend_entry_id })
 */
export const createShopifyDiscountCodeStep = createStep(
  createShopifyDiscountCodeStepId,
  async (input: { plan: ShopifyRedemptionPlan; spend_entry_id: string }, { container }) => {
    const shopify = shopifyModule(container)
    const { plan } = input
    await shopify.createCodeRecord({
      shop_domain: plan.shop_domain,
      code: plan.code,
      account_id: plan.account_id,
      shopify_customer_id: plan.customer_id,
      points: plan.points,
      amount: plan.amount,
      currency_code: plan.currency_code,
      expires_at: new Date(plan.expires_at),
      spend_entry_id: input.spend_entry_id,
    })
    let discountId: string
    try {
      discountId = await createCustomerDiscountCode(shopify.admin(), {
        title: `Kapy: ${plan.points} cones (${plan.code})`,
        code: plan.code,
        shopify_customer_id: plan.customer_id,
        amount: plan.amount,
        ends_at: plan.expires_at,
        // a Gold member pays with cones and keeps the tier's discount: both are order discounts that allow each other
        combines_with_order_discounts: true,
      })
    } catch (error: any) {
      await shopify.transitionCode({ code: plan.code, from: ["creating"], to: "failed", fields: { note: String(error?.message ?? error) } })
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `The discount code could not be created on Shopify; your cones are back (${error?.message ?? error})`)
    }
    const row = await shopify.transitionCode({
      code: plan.code,
      from: ["creating"],
      to: "active",
      fields: { shopify_discount_id: discountId },
    })
    return new StepResponse(row!, { code: plan.code, discount_id: discountId })
  },
  async (created, { container }) => {
    if (!created) {
      return
    }
    const shopify = shopifyModule(container)
    await shopify.admin().request(DISCOUNT_CODE_DELETE, { id: created.discount_id })
    await shopify.transitionCode({ code: created.code, from: ["active"], to: "failed", fields: { note: "Rolled back: a later step failed" } })
  }
)

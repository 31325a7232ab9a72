import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { FriendReward } from "../../../types/referrals"
import type { ShopifyFriendCodePlan } from "../../referrals/steps/prepare-friend-reward"
import { createCustomerDiscountCode } from "../utils/discount-codes"
import { DISCOUNT_CODE_DELETE } from "../utils/graphql"
import { shopifyModule } from "../utils/refs"

export const createShopifyFriendCodeStepId = "kapy-create-shopify-friend-code"

/**
 * Creates a referral friend's welcome code on Shopify
 * (`discountCodeBasicCreate`: the program's amount off an order, for that
 * Shopify customer only, once, with the program's minimum subtotal when it
 * sets one) and answers it as the referral's friend reward. Shopify
 * refusing or not answering fails the step: nothing is recorded and the
 * friend may try again. Compensation (a later failure): the code is
 * deleted on Shopify.
 *
 * @example
 * const reward = createShopifyFriendCodeStep({ referral_id: "kref_123", plan: plan.shopify_code })
 */
export const createShopifyFriendCodeStep = createStep(
  createShopifyFriendCodeStepId,
  async (input: { referral_id: string; plan: ShopifyFriendCodePlan }, { container }) => {
    const { plan } = input
    let discountId: string
    try {
      discountId = await createCustomerDiscountCode(shopifyModule(container).admin(), {
        title: `Kapy: referral welcome (${plan.code})`,
        code: plan.code,
        shopify_customer_id: plan.shopify_customer_id,
        amount: plan.amount,
        min_subtotal: plan.min_order,
      })
    } catch (error: any) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `Your welcome code could not be created on Shopify; please try again (${error?.message ?? error})`
      )
    }
    const reward: FriendReward = {
      type: "shopify_code",
      code: plan.code,
      shopify_discount_id: discountId,
      shopify_customer_id: plan.shopify_customer_id,
      amount: plan.amount,
      currency_code: plan.currency_code,
      min_order: plan.min_order,
    }
    return new StepResponse(reward, discountId)
  },
  async (discountId, { container }) => {
    if (!discountId) {
      return
    }
    await shopifyModule(container).admin().request(DISCOUNT_CODE_DELETE, { id: discountId })
  }
)

import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { FriendReward } from "../../../types/referrals"
import type { ShopifyFriendCodePlan } from "../../referrals/steps/prepare-friend-reward"
import { customerGid, DISCOUNT_CODE_BASIC_CREATE, DISCOUNT_CODE_DELETE } from "../utils/graphql"
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
      const { data } = await shopifyModule(container).admin().request<any>(DISCOUNT_CODE_BASIC_CREATE, {
        basicCodeDiscount: {
          title: `Kapy: referral welcome (${plan.code})`,
          code: plan.code,
          startsAt: new Date().toISOString(),
          context: { customers: { add: [customerGid(plan.shopify_customer_id)] } },
          customerGets: {
            value: { discountAmount: { amount: plan.amount, appliesOnEachItem: false } },
            items: { all: true },
          },
          ...(plan.min_order ? { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: plan.min_order } } } : {}),
          usageLimit: 1,
          appliesOncePerCustomer: true,
          combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
        },
      })
      const payload = data?.discountCodeBasicCreate
      if (!payload?.codeDiscountNode?.id || payload.userErrors?.length) {
        throw new Error(
          `Shopify refused the discount code: ${(payload?.userErrors ?? []).map((e: any) => e.message).join("; ") || "no discount returned"}`
        )
      }
      discountId = payload.codeDiscountNode.id
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

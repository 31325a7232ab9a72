import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_SHOPIFY_MODULE } from "../../../modules/shopify"
import type ShopifyModuleService from "../../../modules/shopify/service"
import { friendRewardTerms } from "../../../rules/referrals"
import type { FriendReward } from "../../../types/referrals"
import {
  issueReferralFriendRewardWorkflow,
  StorefrontFriendCodeHookInput,
} from "../../referrals/workflows/issue-referral-friend-reward"
import { createCustomerDiscountCode } from "../utils/discount-codes"
import { DISCOUNT_CODE_DELETE } from "../utils/graphql"

/**
 * The Shopify adapter's part of a referral friend's welcome, plugged into
 * the core's issueReferralFriendRewardWorkflow on its `storefrontFriendCode`
 * hook (the core knows no adapter): a code on Shopify
 * (`discountCodeBasicCreate`: the program's amount off an order in the
 * shop's currency, for that Shopify customer only, once, with the
 * program's minimum subtotal in that currency when it sets one), answered
 * as the friend's reward. Without Shopify configured it answers nothing and
 * nothing is noted. Shopify refusing or not answering fails the workflow:
 * nothing is recorded and the friend may try again. Compensation (a later
 * failure): the code is deleted on Shopify.
 */
export async function createShopifyFriendCode(input: StorefrontFriendCodeHookInput, { container }: { container: MedusaContainer }) {
  const shopify = container.hasRegistration(KAPY_SHOPIFY_MODULE)
    ? container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
    : null
  if (input.plan.storefront !== "shopify" || !shopify?.isConfigured()) {
    return
  }
  const { plan } = input
  const terms = friendRewardTerms(plan.program_terms, await shopify.shopCurrency())
  let discountId: string
  try {
    discountId = await createCustomerDiscountCode(shopify.admin(), {
      title: `Kapy: referral welcome (${plan.code})`,
      code: plan.code,
      shopify_customer_id: plan.external_customer_id,
      amount: terms.amount,
      min_subtotal: terms.min_order,
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
    shopify_customer_id: plan.external_customer_id,
    amount: terms.amount,
    currency_code: terms.currency_code,
    min_order: terms.min_order,
  }
  return new StepResponse<FriendReward | undefined, string>(reward, discountId)
}

/** Deletes the code made by `createShopifyFriendCode` (a later step failed). */
export async function deleteShopifyFriendCode(discountId: string | undefined, { container }: { container: MedusaContainer }) {
  if (!discountId) {
    return
  }
  await container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE).admin().request(DISCOUNT_CODE_DELETE, { id: discountId })
}

issueReferralFriendRewardWorkflow.hooks.storefrontFriendCode(createShopifyFriendCode, deleteShopifyFriendCode)

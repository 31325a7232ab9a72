import { randomBytes } from "crypto"
import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import { conflictError } from "../../../modules/loyalty/errors"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { pointsValue, redemptionProblem, redemptionProblemMessage } from "../../../rules/redemption"
import { redemptionRules } from "../../redemption/utils/cart-redemption"
import { shopifyIdentity, shopifyModule } from "../utils/refs"

export const prepareShopifyRedemptionStepId = "kapy-prepare-shopify-redemption"

const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

export type ShopifyRedemptionPlan = {
  /** What the cones buy: the program's `redemption.shopify_redemption`, or the credit a retried request already made. */
  kind: "discount_code" | "store_credit"
  /** The redeem request's key: its retries make nothing more (store credit). */
  request_key: string
  account_id: string
  shop_domain: string
  customer_id: string
  points: number
  amount: string
  currency_code: string
  code: string
  /** ISO date: step results are serialised between steps. */
  expires_at: string
}

/**
 * Checks a redemption by the program's redemption rules (minimum, steps,
 * the available balance; there is no cart on Shopify, so no cart share)
 * and plans what the cones buy, as the program's `shopify_redemption`
 * says: a discount code (a new unguessable code) or store credit, worth
 * the cones' value in the shop's currency, ending in `discount_code_days`.
 * A request whose key already made a store credit plans that credit again
 * (its retry answers what it made, whatever the balance is now). 409 when
 * the member has too few cones, 400 for the other rules. Reads only.
 *
 * @example
 * const plan = prepareShopifyRedemptionStep({ customer_id: "115310627314723954", points: 500, request_key: "r-1" })
 */
export const prepareShopifyRedemptionStep = createStep(
  prepareShopifyRedemptionStepId,
  async (input: { customer_id: string; points: number; request_key: string; now?: Date }, { container }) => {
    const shopify = shopifyModule(container)
    const options = shopify.requireOptions()
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const account = await loyalty.ensureMember(shopifyIdentity(container, { id: input.customer_id }))
    const earlier = await shopify.retrieveStoreCreditByKey(options.shop, input.request_key)
    if (earlier && earlier.status !== "failed") {
      if (earlier.account_id !== account.id || earlier.points !== input.points) {
        throw conflictError("This request key was used for another redemption")
      }
      return new StepResponse<ShopifyRedemptionPlan>({
        kind: "store_credit",
        request_key: input.request_key,
        account_id: earlier.account_id,
        shop_domain: earlier.shop_domain,
        customer_id: input.customer_id,
        points: earlier.points,
        amount: String(earlier.amount),
        currency_code: earlier.currency_code,
        code: "",
        expires_at: new Date(earlier.expires_at).toISOString(),
      })
    }
    const [settings, currency] = await Promise.all([loyalty.retrieveProgramSettings(), shopify.shopCurrency()])
    const rules = { ...redemptionRules(settings, currency), max_cart_share_percent: 100 }
    const problem = redemptionProblem(input.points, {
      available: account.points_balance,
      // no cart: only the balance and the program's steps limit a code
      payable: "1000000000000",
      rules,
    })
    if (problem?.code === "more_than_balance") {
      throw conflictError(redemptionProblemMessage(problem))
    }
    if (problem) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `points: ${redemptionProblemMessage(problem)}`)
    }
    const amount = pointsValue(input.points, rules)
    const bytes = randomBytes(10)
    const code = `KAPY-${[...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("")}`
    const now = input.now ?? new Date()
    return new StepResponse<ShopifyRedemptionPlan>({
      kind: settings.redemption.shopify_redemption,
      request_key: input.request_key,
      account_id: account.id,
      shop_domain: options.shop,
      customer_id: input.customer_id,
      points: input.points,
      amount: amount.toString(),
      currency_code: currency,
      code,
      expires_at: new Date(now.getTime() + options.discount_code_days * 86_400_000).toISOString(),
    })
  }
)

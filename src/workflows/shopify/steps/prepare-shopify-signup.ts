import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { EarnPointsInput } from "../../../types/loyalty"

export const prepareShopifySignupStepId = "kapy-prepare-shopify-signup"

/**
 * The welcome bonus of a new Shopify customer's member, or null: none when
 * the program gives 0, and none when the member already got one (a
 * shopper who registered in the Medusa store first and shares the account
 * by verified email is welcomed once). Reads only.
 *
 * @example
 * const earn = prepareShopifySignupStep({ account_id, shop_domain, customer_id })
 */
export const prepareShopifySignupStep = createStep(
  prepareShopifySignupStepId,
  async (
    input: { account_id: string; shop_domain: string; customer_id: string },
    { container }
  ): Promise<StepResponse<EarnPointsInput | null>> => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const points = (await loyalty.retrieveProgramSettings()).earning.signup_points
    if (points <= 0) {
      return new StepResponse(null)
    }
    const welcomed = await loyalty.listLoyaltyEntries(
      { account_id: await loyalty.listMemberAccountIds(input.account_id), reason: "signup" },
      { select: ["id"], take: 1 }
    )
    if (welcomed.length) {
      return new StepResponse(null)
    }
    return new StepResponse({
      account_id: input.account_id,
      points,
      reason: "signup" as const,
      idempotency_key: `signup:shopify:${input.shop_domain}:${input.customer_id}`,
      source_type: "shopify_customer",
      source_id: input.customer_id,
      actor_type: "system" as const,
      actor_id: "kapy-shopify-customers-create",
    })
  }
)

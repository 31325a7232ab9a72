import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { shopifyIdentity } from "../utils/refs"

export const gatherShopifyFriendStepId = "kapy-gather-shopify-friend"

/**
 * The member a logged-in Shopify customer is, as a referral's friend: their
 * account (made on first need), the email their identity holds, and how
 * many purchases the member has made (earning entries of any channel).
 * Reads and ensures the member only.
 *
 * @example
 * const friend = gatherShopifyFriendStep({ customer_id: "115310627314723954" })
 */
export const gatherShopifyFriendStep = createStep(
  gatherShopifyFriendStepId,
  async (input: { customer_id: string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const account = await loyalty.ensureMember(shopifyIdentity(container, { id: input.customer_id }))
    const [identities, orders] = await Promise.all([
      loyalty.listMemberIdentities(account.id),
      loyalty.listLoyaltyEntries({ account_id: await loyalty.listMemberAccountIds(account.id), reason: "order" }, { select: ["id"], take: 1 }),
    ])
    const identity = identities.find((i) => i.provider === "shopify" && i.external_id === input.customer_id)
    return new StepResponse({
      account_id: account.id,
      friend: { id: input.customer_id, email: identity?.email ?? null, phone: null, orders_count: orders.length },
    })
  }
)

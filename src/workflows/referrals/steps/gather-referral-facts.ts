import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { ReferralPartyFacts } from "../../../types/referrals"

export const gatherReferralFactsStepId = "kapy-gather-referral-facts"

/**
 * Gathers what the fraud rules need to know about the friend (a Medusa
 * customer) and the owner of `code`: their customers, emails and phones,
 * and how many orders the friend placed. 404 for an unknown code. Reads
 * only, so nothing to compensate.
 *
 * @example
 * const facts = gatherReferralFactsStep({ customer_id: "cus_123", code: "K7P2MX9Q" })
 */
export const gatherReferralFactsStep = createStep(
  gatherReferralFactsStepId,
  async (input: { customer_id: string; code: string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const referrer = await loyalty.retrieveReferrerByCode(input.code)
    if (!referrer) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "This referral code was not found")
    }
    const identities = await loyalty.listMemberIdentities(referrer.id)
    const referrerCustomerIds = identities.filter((i) => i.provider === "medusa").map((i) => i.external_id)
    const { data: customers } = await query.graph({
      entity: "customer",
      fields: ["id", "email", "phone"],
      filters: { id: [input.customer_id, ...referrerCustomerIds] },
    })
    const friend = customers.find((c: any) => c.id === input.customer_id)
    if (!friend) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer ${input.customer_id} was not found`)
    }
    const { metadata } = await query.graph({
      entity: "order",
      fields: ["id"],
      filters: { customer_id: input.customer_id },
      pagination: { take: 1, skip: 0 },
    })
    const referrerCustomers = customers.filter((c: any) => referrerCustomerIds.includes(c.id))
    const referrerFacts: ReferralPartyFacts = {
      customer_ids: referrerCustomerIds,
      emails: [...referrerCustomers.map((c: any) => c.email), ...identities.map((i) => i.email)],
      phones: referrerCustomers.map((c: any) => c.phone),
    }
    return new StepResponse({
      friend_facts: {
        customer_ids: [friend.id],
        emails: [friend.email],
        phones: [friend.phone],
        order_count: metadata?.count ?? 0,
      },
      referrer_facts: referrerFacts,
    })
  }
)

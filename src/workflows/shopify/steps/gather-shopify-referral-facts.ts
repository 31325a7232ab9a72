import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { hashIpAddress } from "../../../rules/referrals"
import type { ReferralPartyFacts } from "../../../types/referrals"

export const gatherShopifyReferralFactsStepId = "kapy-gather-shopify-referral-facts"

/**
 * What the referral fraud rules need about a Shopify friend (from the
 * webhook's customer: id, email, phone, order count; the order's browser
 * IP, kept only as the keyed hash the per-IP limit counts, as the store's
 * apply route keys it) and the owner of `code` (their identities and
 * Medusa customers). 404 for an unknown code. Reads only.
 *
 * @example
 * const facts = gatherShopifyReferralFactsStep({ code, friend: { id, email, phone, orders_count: 0 }, ip: "203.0.113.7" })
 */
export const gatherShopifyReferralFactsStep = createStep(
  gatherShopifyReferralFactsStepId,
  async (
    input: { code: string; friend: { id: string; email: string | null; phone: string | null; orders_count: number }; ip?: string | null },
    { container }
  ) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const referrer = await loyalty.retrieveReferrerByCode(input.code)
    if (!referrer) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "This referral code was not found")
    }
    const identities = await loyalty.listMemberIdentities(referrer.id)
    const medusaIds = identities.filter((i) => i.provider === "medusa").map((i) => i.external_id)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: customers } = medusaIds.length
      ? await query.graph({ entity: "customer", fields: ["id", "email", "phone"], filters: { id: medusaIds } })
      : { data: [] as any[] }
    const referrerFacts: ReferralPartyFacts = {
      customer_ids: identities.map((i) => (i.provider === "medusa" ? i.external_id : `shopify:${i.external_id}`)),
      emails: [...customers.map((c: any) => c.email), ...identities.map((i) => i.email)],
      phones: customers.map((c: any) => c.phone),
    }
    const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
    const secret = String(config.projectConfig.http.cookieSecret ?? config.projectConfig.http.jwtSecret ?? "kapy")
    return new StepResponse({
      ip_hash: hashIpAddress(input.ip, secret),
      friend_facts: {
        customer_ids: [`shopify:${input.friend.id}`],
        emails: [input.friend.email],
        phones: [input.friend.phone],
        order_count: input.friend.orders_count,
      },
      referrer_facts: referrerFacts,
    })
  }
)

import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"
import { KAPY_REVIEWS_MODULE } from "../../modules/reviews"
import type ReviewModuleService from "../../modules/reviews/service"
import { LoyaltyConsentDTO, MARKETING_CHANNELS } from "../../types/privacy"
import type { MemberContext } from "../../types/loyalty"

/**
 * Everything Kapy holds about a Medusa customer (GDPR access), as JSON: the
 * account, identities, every entry, claims, reviews, referrals, consents,
 * expiry warnings, stamps and stamp card rewards.
 * Reads only; a customer without an account gets their reviews and empty
 * lists.
 */
export async function loadMemberExport(scope: MedusaContainer, customerId: string) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  // the member once (account and merged accounts in one statement), handed to the export as it is
  const member = await loyalty.retrieveMemberContext({ customer_id: customerId })
  return await exportOf(scope, member.account ? member : null, customerId)
}

/**
 * The same export for a member by account id, who may have no Medusa
 * customer (a Shopify-only member: `customer_id` null). NOT_FOUND for an
 * unknown account. Reads only.
 */
export async function loadAccountExport(scope: MedusaContainer, accountId: string) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const member = await loyalty.retrieveMemberContext({ account_id: accountId })
  if (!member.account) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Loyalty account with id: ${accountId} was not found`)
  }
  return await exportOf(scope, member, member.account.customer_id ?? null)
}

async function exportOf(scope: MedusaContainer, member: MemberContext | null, customerId: string | null) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const reviews = scope.resolve<ReviewModuleService>(KAPY_REVIEWS_MODULE)
  const data = member ? await loyalty.exportMemberData(member) : null
  const customerIds = new Set([
    ...(customerId ? [customerId] : []),
    ...(data?.identities ?? []).filter((i) => i.provider === "medusa").map((i) => i.external_id),
  ])
  return {
    exported_at: new Date().toISOString(),
    customer_id: customerId,
    account: data?.account ?? null,
    identities: data?.identities ?? [],
    entries: data?.entries ?? [],
    claims: data?.claims ?? [],
    reviews: customerIds.size ? await reviews.listReviewsOfCustomers([...customerIds]) : [],
    referrals: data?.referrals ?? [],
    consents: data ? consentsView(data.consents) : consentsView([]),
    expiry_warnings: data?.expiry_warnings ?? [],
    stamps: data?.stamps ?? [],
    stamp_rewards: data?.stamp_rewards ?? [],
  }
}

/** A member's consents, by purpose: the program, and marketing per channel (null: never decided). */
export function consentsView(consents: LoyaltyConsentDTO[]) {
  const one = (purpose: string) => {
    const c = consents.find((x) => x.purpose === purpose)
    return c
      ? { granted: c.granted, text_version: c.text_version, granted_at: c.granted_at, withdrawn_at: c.withdrawn_at, source: c.source, updated_at: c.updated_at }
      : null
  }
  return {
    program: one("program"),
    marketing: Object.fromEntries(MARKETING_CHANNELS.map((ch) => [ch, one(`marketing_${ch}`)])) as Record<
      (typeof MARKETING_CHANNELS)[number],
      ReturnType<typeof one>
    >,
  }
}

/** A customer's consents, by purpose; nothing decided when they have no account. Reads only. */
export async function loadConsentsView(scope: MedusaContainer, customerId: string) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMember({ customer_id: customerId })
  return consentsView(account ? await loyalty.listConsents(account.id) : [])
}

import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../modules/loyalty"
import { isMemberContext } from "../../modules/loyalty/service"
import type LoyaltyModuleService from "../../modules/loyalty/service"
import type { MemberContext } from "../../types/loyalty"
import { plainText } from "../../rules/awards"
import type { StoreCreateLoyaltyClaimType } from "../store/loyalty/validators"
import { STORE_CLAIM_FIELDS } from "../store/loyalty/query-config"

type QueryConfig = { fields: string[]; pagination: { take?: number; skip: number } }

/**
 * One page of a member's own records (ledger entries, claims), newest
 * first, across the accounts merged into theirs; an empty page for a
 * shopper with no account yet. Storefront routes answer it as
 * `{ [key]: data, count, limit, offset }`, the Medusa store and the Shopify
 * app proxy alike.
 */
export async function memberRecordsPage(
  scope: MedusaContainer,
  /** The member read once (its merged accounts with it), or an account (its merged accounts are then looked up). */
  member: MemberContext | { id: string } | null,
  entity: "loyalty_entry" | "loyalty_claim",
  queryConfig: QueryConfig,
  filters: Record<string, unknown> = {}
) {
  const { take, skip } = queryConfig.pagination
  const accountIds = isMemberContext(member)
    ? member.account_ids
    : member
      ? await scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE).listMemberAccountIds(member.id)
      : []
  if (!accountIds.length) {
    return { data: [] as unknown[], count: 0, limit: take, offset: skip }
  }
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity,
    fields: queryConfig.fields,
    filters: { ...filters, account_id: accountIds },
    pagination: { ...queryConfig.pagination, order: { created_at: "DESC", id: "DESC" } },
  })
  return { data, count: metadata?.count ?? data.length, limit: metadata?.take ?? take, offset: metadata?.skip ?? skip }
}

/** Filters for a member's ledger page: a merge's own pair of entries cancels out and is not shown. */
export const MEMBER_ENTRY_FILTERS = { reason: { $ne: "merge" } }

/** The claim a storefront body asks for, its free text reduced to plain text. */
export function claimFromBody(body: StoreCreateLoyaltyClaimType) {
  return body.action === "social_follow"
    ? { type: "social_follow" as const, platform: body.platform, handle: body.handle ? plainText(body.handle) || null : null }
    : { type: "custom" as const, action_id: body.action_id, evidence: body.evidence ? plainText(body.evidence) || null : null }
}

/** A claim as the storefront sees it. */
export async function storeClaimView(scope: MedusaContainer, claimId: string) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [view],
  } = await query.graph({ entity: "loyalty_claim", fields: STORE_CLAIM_FIELDS, filters: { id: claimId } })
  return view
}

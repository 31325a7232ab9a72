import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { ShopifyAdminError } from "../../../modules/shopify"
import { customerGid, METAFIELDS_SET, TAGS_ADD, TAGS_REMOVE } from "./graphql"
import { shopifyModule } from "./refs"

/** The customer tag of a tier: `kapy-tier-gold`. */
export const tierTag = (name: string) =>
  `kapy-tier-${name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`

/** metafieldsSet takes at most 25 metafields per call. */
const METAFIELDS_PER_CALL = 25

/**
 * Shows members' standing on their Shopify customers: the tier as a
 * customer tag (`kapy-tier-gold`, the other tiers' tags removed) and the
 * balance and tier in the customer metafields `kapy.points` and
 * `kapy.tier`, for theme Liquid and customer segments. Metafields go in
 * batches of 25 per `metafieldsSet`; every call goes through the cost-aware
 * client, which backs off on THROTTLED. Members without a Shopify identity
 * are skipped. Returns how many Shopify customers were written.
 */
export async function syncShopifyCustomers(container: MedusaContainer, accountIds: string[]): Promise<number> {
  const shopify = shopifyModule(container)
  if (!shopify.isConfigured() || !accountIds.length) {
    return 0
  }
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const tiers = (await loyalty.listLoyaltyTiers({}, { order: { rank: "ASC" } })) as any[]
  const allTags = tiers.map((t) => tierTag(t.name))
  const metafields: Record<string, unknown>[] = []
  let customers = 0
  for (const accountId of [...new Set(accountIds)]) {
    const account = await loyalty.retrieveMember({ account_id: accountId })
    if (!account) {
      continue
    }
    const identities = (await loyalty.listMemberIdentities(account.id)).filter((i) => i.provider === "shopify")
    const tier = tiers.find((t) => t.id === account.tier_id) ?? null
    for (const identity of identities) {
      const id = customerGid(identity.external_id)
      customers++
      metafields.push(
        { ownerId: id, namespace: "kapy", key: "points", type: "number_integer", value: String(account.points_balance) },
        { ownerId: id, namespace: "kapy", key: "tier", type: "single_line_text_field", value: tier?.name ?? "" }
      )
      const keep = tier ? tierTag(tier.name) : null
      const stale = allTags.filter((t) => t !== keep)
      if (stale.length) {
        await mutate(shopify.admin().request(TAGS_REMOVE, { id, tags: stale }), "tagsRemove")
      }
      if (keep) {
        await mutate(shopify.admin().request(TAGS_ADD, { id, tags: [keep] }), "tagsAdd")
      }
    }
  }
  for (let i = 0; i < metafields.length; i += METAFIELDS_PER_CALL) {
    await mutate(shopify.admin().request(METAFIELDS_SET, { metafields: metafields.slice(i, i + METAFIELDS_PER_CALL) }), "metafieldsSet")
  }
  return customers
}

async function mutate(request: Promise<{ data: any }>, name: string) {
  const { data } = await request
  const errors = data?.[name]?.userErrors ?? []
  if (errors.length) {
    throw new ShopifyAdminError(`${name}: ${errors.map((e: any) => e.message).join("; ")}`, errors)
  }
}

/**
 * The accounts whose ledger moved since `since` (for the batch sync of
 * balances), oldest change first, at most `limit`; and the time of the
 * newest change read, for the next run's cursor.
 */
export async function accountsChangedSince(container: MedusaContainer, since: Date, limit = 500) {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const entries = await loyalty.listLoyaltyEntries(
    { created_at: { $gt: since } } as any,
    { select: ["account_id", "created_at"], order: { created_at: "ASC" }, take: limit }
  )
  return {
    account_ids: [...new Set(entries.map((e: any) => e.account_id as string))],
    newest: entries.length ? new Date(entries[entries.length - 1].created_at) : null,
  }
}

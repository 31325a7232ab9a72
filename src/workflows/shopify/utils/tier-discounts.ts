import type { MedusaContainer } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { ShopifyAdminError } from "../../../modules/shopify"
import { tierTag } from "./customer-sync"
import {
  DISCOUNT_AUTOMATIC_BASIC_CREATE,
  DISCOUNT_AUTOMATIC_BASIC_UPDATE,
  DISCOUNT_AUTOMATIC_DELETE,
  SEGMENT_CREATE,
} from "./graphql"
import { shopifyModule } from "./refs"

/**
 * Tier pricing on Shopify: one automatic discount per tier that has a
 * percentage (`discount_percent`), for the customer segment of the tier's
 * tag (`customer_tags CONTAINS 'kapy-tier-gold'`, kept by
 * `syncShopifyCustomers`), created on first need and updated when the
 * percentage changes; a tier whose percentage went (or that was deleted)
 * loses its discount. Needs API version 2025-10 or later (automatic
 * discounts with customer segments). Returns what it did.
 */
export async function syncShopifyTierDiscounts(container: MedusaContainer) {
  const shopify = shopifyModule(container)
  if (!shopify.isConfigured()) {
    return null
  }
  const shop = shopify.requireOptions().shop
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const tiers = (await loyalty.listLoyaltyTiers({}, { order: { rank: "ASC" } })) as any[]
  const stored = new Map((await shopify.listTierDiscounts(shop)).map((r) => [r.tier_id, r]))
  const done = { created: 0, updated: 0, deleted: 0 }
  const admin = shopify.admin()

  for (const tier of tiers) {
    const percent = tier.discount_percent === null || tier.discount_percent === undefined ? null : MathBN.convert(tier.discount_percent)
    const row = stored.get(tier.id)
    stored.delete(tier.id)
    if (!percent || MathBN.lte(percent, 0)) {
      if (row?.discount_id) {
        await mutate(admin.request(DISCOUNT_AUTOMATIC_DELETE, { id: row.discount_id }), "discountAutomaticDelete")
        await shopify.saveTierDiscount({ shop_domain: shop, tier_id: tier.id, segment_id: row.segment_id, discount_id: null, percent: null })
        done.deleted++
      }
      continue
    }
    const input = {
      title: `Kapy ${tier.name}: ${percent.toString()} %`,
      startsAt: new Date().toISOString(),
      customerGets: { value: { percentage: MathBN.div(percent, 100).toNumber() }, items: { all: true } },
      // combines with the member's cone codes (order discounts that allow it in turn), not with product discounts
      combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: true },
    }
    let segmentId = row?.segment_id ?? null
    if (!segmentId) {
      const data = await mutate(
        admin.request(SEGMENT_CREATE, { name: `Kapy ${tier.name}`, query: `customer_tags CONTAINS '${tierTag(tier.name)}'` }),
        "segmentCreate"
      )
      segmentId = data.segment.id
    }
    if (!row?.discount_id) {
      const data = await mutate(
        admin.request(DISCOUNT_AUTOMATIC_BASIC_CREATE, {
          automaticBasicDiscount: { ...input, context: { customerSegments: { add: [segmentId] } } },
        }),
        "discountAutomaticBasicCreate"
      )
      await shopify.saveTierDiscount({ shop_domain: shop, tier_id: tier.id, segment_id: segmentId, discount_id: data.automaticDiscountNode.id, percent: percent.toString() })
      done.created++
    } else if (!row.percent || !MathBN.eq(row.percent, percent)) {
      const { startsAt, ...changes } = input
      await mutate(admin.request(DISCOUNT_AUTOMATIC_BASIC_UPDATE, { id: row.discount_id, automaticBasicDiscount: changes }), "discountAutomaticBasicUpdate")
      await shopify.saveTierDiscount({ shop_domain: shop, tier_id: tier.id, segment_id: segmentId, discount_id: row.discount_id, percent: percent.toString() })
      done.updated++
    }
  }
  // tiers that no longer exist
  for (const row of stored.values()) {
    if (row.discount_id) {
      await mutate(admin.request(DISCOUNT_AUTOMATIC_DELETE, { id: row.discount_id }), "discountAutomaticDelete")
      done.deleted++
    }
    await shopify.saveTierDiscount({ shop_domain: shop, tier_id: row.tier_id, segment_id: null, discount_id: null, percent: null })
  }
  return done
}

async function mutate(request: Promise<{ data: any }>, name: string) {
  const { data } = await request
  const payload = data?.[name]
  if (!payload || payload.userErrors?.length) {
    throw new ShopifyAdminError(`${name}: ${(payload?.userErrors ?? []).map((e: any) => e.message).join("; ") || "no answer"}`, payload?.userErrors)
  }
  return payload
}

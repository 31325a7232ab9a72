import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { LoyaltyTierDTO } from "../../../types/loyalty"

/** The rule attribute Medusa's pricing and promotions match a customer's groups with. */
export const CUSTOMER_GROUP_RULE = "customer.groups.id"

/** The name of a tier's customer group, as admins see it in Medusa's customer groups. */
export function tierGroupName(tier: Pick<LoyaltyTierDTO, "name">) {
  return `Loyalty tier: ${tier.name}`
}

/** The code of a tier's automatic promotion (a promotion needs one; nobody types it). */
export function tierPromotionCode(tier: Pick<LoyaltyTierDTO, "id">) {
  return `KAPY-TIER-${tier.id.replace(/^ktier_/, "").toUpperCase()}`
}

export async function listTiers(container: MedusaContainer): Promise<LoyaltyTierDTO[]> {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  await loyalty.retrieveProgramSettings() // the default tiers exist from the first use
  return (await loyalty.listLoyaltyTiers({}, { order: { rank: "ASC" } })) as unknown as LoyaltyTierDTO[]
}

/**
 * Makes each tier's Medusa side exist and match the tier: a customer group,
 * a price list restricted to that group (rule `customer.groups.id`; type
 * `sale`, active, empty — the admin fills its prices in Medusa's price-list
 * UI) and, while `discount_percent` is set, an automatic promotion of that
 * percentage off the order restricted to the group (removed when it is
 * unset). The group keeps the tier's name; a group deleted in Medusa's
 * admin is made anew, with the price list and promotion pointed at it.
 *
 * Idempotent, and safe when two processes do it at once: one holds the
 * locking module's lock, and each link is recorded only where none is
 * (`setTierPricingLinks` with `onlyIfUnset`); a loser removes what it made.
 * Returns the tiers as they are afterwards.
 */
export async function ensureTierPricing(container: MedusaContainer, only?: string[]): Promise<LoyaltyTierDTO[]> {
  const locking = container.resolve(Modules.LOCKING)
  return await locking.execute("kapy-tier-pricing", () => ensureUnlocked(container, only), { timeout: 30 })
}

async function ensureUnlocked(container: MedusaContainer, only?: string[]): Promise<LoyaltyTierDTO[]> {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const customers = container.resolve(Modules.CUSTOMER)
  const pricing = container.resolve(Modules.PRICING)
  const promotions = container.resolve(Modules.PROMOTION)
  const tiers = await listTiers(container)
  for (const tier of tiers) {
    if (only && !only.includes(tier.id)) {
      continue
    }
    let groupRecreated = false
    if (tier.customer_group_id && !(await customers.listCustomerGroups({ id: tier.customer_group_id })).length) {
      // the group was deleted in Medusa's admin: made anew below, and the list and promotion pointed at it
      await loyalty.setTierPricingLinks(tier.id, { customer_group_id: null })
      tier.customer_group_id = null
      if (tier.promotion_id) {
        await promotions.deletePromotions([tier.promotion_id])
        await loyalty.setTierPricingLinks(tier.id, { promotion_id: null })
        tier.promotion_id = null
      }
      groupRecreated = true
    }
    if (!tier.customer_group_id) {
      const [group] = await customers.createCustomerGroups([
        { name: tierGroupName(tier), metadata: { kapy_tier_id: tier.id } },
      ])
      if (await loyalty.setTierPricingLinks(tier.id, { customer_group_id: group.id }, { onlyIfUnset: true })) {
        tier.customer_group_id = group.id
      } else {
        await customers.deleteCustomerGroups([group.id])
        tier.customer_group_id = ((await loyalty.retrieveLoyaltyTier(tier.id)) as any).customer_group_id
      }
    } else {
      const [group] = await customers.listCustomerGroups({ id: tier.customer_group_id })
      if (group.name !== tierGroupName(tier)) {
        await customers.updateCustomerGroups(group.id, { name: tierGroupName(tier) })
      }
    }
    const groupId = tier.customer_group_id!

    if (tier.price_list_id && groupRecreated) {
      await pricing.updatePriceLists([{ id: tier.price_list_id, rules: { [CUSTOMER_GROUP_RULE]: [groupId] } } as any])
    }
    if (!tier.price_list_id) {
      const [list] = await pricing.createPriceLists([
        {
          title: `${tier.name} prices`,
          description: `Prices for members of the loyalty tier ${tier.name} (kept in sync by Kapy)`,
          type: "sale",
          status: "active",
          rules: { [CUSTOMER_GROUP_RULE]: [groupId] },
          prices: [],
        } as any,
      ])
      if (await loyalty.setTierPricingLinks(tier.id, { price_list_id: list.id }, { onlyIfUnset: true })) {
        tier.price_list_id = list.id
      } else {
        await pricing.deletePriceLists([list.id])
        tier.price_list_id = ((await loyalty.retrieveLoyaltyTier(tier.id)) as any).price_list_id
      }
    }

    const percent = tier.discount_percent === null || tier.discount_percent === undefined ? null : Number(tier.discount_percent)
    const [promotion] = tier.promotion_id
      ? await promotions.listPromotions({ id: tier.promotion_id }, { relations: ["application_method"] })
      : []
    if (percent !== null && !promotion) {
      const [created] = await promotions.createPromotions([{
        code: tierPromotionCode(tier),
        type: "standard",
        status: "active",
        is_automatic: true,
        application_method: { type: "percentage", target_type: "order", allocation: "across", value: percent },
        rules: [{ attribute: CUSTOMER_GROUP_RULE, operator: "in", values: [groupId] }],
        metadata: { kapy_tier_id: tier.id },
      } as any])
      await loyalty.setTierPricingLinks(tier.id, { promotion_id: created.id })
      tier.promotion_id = created.id
    } else if (percent !== null && promotion) {
      if (Number(promotion.application_method?.value) !== percent || promotion.status !== "active") {
        await promotions.updatePromotions([
          { id: promotion.id, status: "active", application_method: { id: promotion.application_method!.id, value: percent } } as any,
        ])
      }
    } else if (percent === null && tier.promotion_id) {
      if (promotion) {
        await promotions.deletePromotions([promotion.id])
      }
      await loyalty.setTierPricingLinks(tier.id, { promotion_id: null })
      tier.promotion_id = null
    }
  }
  return only ? tiers.filter((t) => only.includes(t.id)) : tiers
}

/** Removes a deleted tier's group, price list and promotion from Medusa. */
export async function removeTierPricing(container: MedusaContainer, tier: LoyaltyTierDTO) {
  if (tier.promotion_id) {
    await container.resolve(Modules.PROMOTION).deletePromotions([tier.promotion_id])
  }
  if (tier.price_list_id) {
    await container.resolve(Modules.PRICING).deletePriceLists([tier.price_list_id])
  }
  if (tier.customer_group_id) {
    await container.resolve(Modules.CUSTOMER).deleteCustomerGroups([tier.customer_group_id])
  }
}

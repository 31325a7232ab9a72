import { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { roundPointsDown } from "./points"

/**
 * How many points a purchase earns. The rule book:
 *
 * 1. Each item counts with what the shopper pays for it after discounts:
 *    its total including tax where the shop's prices include tax, its total
 *    without tax where they do not — or always without tax when the program
 *    counts net of tax — taken to the currency's minor unit (cents) half up,
 *    as it is charged. Shipping never counts.
 * 2. The part of the order paid with points counts for nothing. It is taken
 *    off the items in proportion to their amounts (and never below zero).
 * 3. Each item's amount is multiplied by the highest campaign multiplier
 *    that applies to it (campaigns do not stack), then everything by the
 *    member's tier multiplier and by the currency's earning rate.
 * 4. The exact result is rounded down once, for the whole order.
 *
 * Rounding once at the end means multipliers apply to the exact amount: a
 * 49.90 EUR order earns 49 points, 99 under a double-points campaign
 * (floor(99.80)), and 74 for a ×1.5 tier (floor(74.85)).
 */

export type EarningItem = {
  /** What the shopper pays for the line after discounts, tax included. */
  total: BigNumberInput
  /** The tax in `total`. */
  tax_total: BigNumberInput
  /** Whether the shop's price for this line included tax. */
  is_tax_inclusive: boolean
  product_id?: string | null
  collection_id?: string | null
  category_ids?: string[]
}

export type CampaignScope = "catalog" | "collection" | "category" | "product"

export type EarningCampaign = {
  id: string
  multiplier: BigNumberInput
  scope: CampaignScope
  /** Collection, category or product ids; ignored for "catalog". */
  target_ids: string[]
  starts_at: Date | string
  ends_at: Date | string | null
}

export type PurchaseEarningInput = {
  items: EarningItem[]
  /** Money paid with points on this order (credit lines of Kapy's reference). */
  paid_with_points?: BigNumberInput
  /** Points per one unit of the order's currency; undefined: the currency earns nothing. */
  rate: BigNumberInput | undefined
  tier_multiplier?: BigNumberInput
  campaigns?: EarningCampaign[]
  net_of_tax?: boolean
  /** Decimal digits of the currency (2 for EUR); amounts are rounded to them. */
  currency_decimals?: number
}

export type PurchaseEarning = {
  points: number
  /** The amount that earned points (after the points-paid share), before multipliers. */
  base_amount: string
  /** The campaigns that raised at least one item. */
  campaign_ids: string[]
}

/** The amount an item earns on, before multipliers (rule 1). */
export function earningAmount(item: EarningItem, netOfTax = false, currencyDecimals = 2) {
  const total = MathBN.convert(item.total)
  const amount = netOfTax || !item.is_tax_inclusive ? MathBN.sub(total, item.tax_total) : total
  return MathBN.convert(amount, currencyDecimals)
}

/** Whether a campaign covers an item at `at`. */
export function campaignApplies(
  campaign: EarningCampaign,
  item: Pick<EarningItem, "product_id" | "collection_id" | "category_ids">,
  at: Date
): boolean {
  const starts = new Date(campaign.starts_at).getTime()
  const ends = campaign.ends_at ? new Date(campaign.ends_at).getTime() : Infinity
  if (at.getTime() < starts || at.getTime() >= ends) {
    return false
  }
  switch (campaign.scope) {
    case "catalog":
      return true
    case "product":
      return !!item.product_id && campaign.target_ids.includes(item.product_id)
    case "collection":
      return !!item.collection_id && campaign.target_ids.includes(item.collection_id)
    case "category":
      return (item.category_ids ?? []).some((id) => campaign.target_ids.includes(id))
  }
}

/** The campaigns among `campaigns` running at `at`, for callers that filter once. */
export function activeCampaigns(campaigns: EarningCampaign[], at: Date) {
  return campaigns.filter((c) => campaignApplies({ ...c, scope: "catalog" }, {}, at))
}

export function pointsForPurchase(
  input: PurchaseEarningInput,
  at: Date = new Date()
): PurchaseEarning {
  const zero = { points: 0, base_amount: "0", campaign_ids: [] }
  if (input.rate === undefined || MathBN.lte(input.rate, 0)) {
    return zero
  }
  const decimals = input.currency_decimals ?? 2
  const amounts = input.items.map((item) => earningAmount(item, input.net_of_tax, decimals))
  const gross = amounts.reduce((sum, a) => MathBN.add(sum, a), MathBN.convert(0))
  if (MathBN.lte(gross, 0)) {
    return zero
  }
  // rule 2: only what was not paid with points earns
  const paid = MathBN.min(MathBN.max(MathBN.convert(input.paid_with_points ?? 0, decimals), 0), gross)
  const kept = MathBN.sub(gross, paid)

  const campaignIds = new Set<string>()
  const weighted = input.items.reduce((sum, item, i) => {
    let best = MathBN.convert(1)
    for (const campaign of input.campaigns ?? []) {
      if (campaignApplies(campaign, item, at) && MathBN.gt(campaign.multiplier, best)) {
        best = MathBN.convert(campaign.multiplier)
      }
    }
    for (const campaign of input.campaigns ?? []) {
      if (campaignApplies(campaign, item, at) && MathBN.eq(campaign.multiplier, best) && MathBN.gt(best, 1)) {
        campaignIds.add(campaign.id)
      }
    }
    return MathBN.add(sum, MathBN.mult(amounts[i], best))
  }, MathBN.convert(0))

  // Divide last: a result that is a whole number stays exactly one.
  const exact = MathBN.div(
    MathBN.mult(
      MathBN.mult(MathBN.mult(weighted, kept), input.tier_multiplier ?? 1),
      input.rate
    ),
    gross
  )
  return {
    points: roundPointsDown(exact),
    base_amount: kept.toString(),
    campaign_ids: [...campaignIds],
  }
}

/**
 * How many of `earned` points to have reversed in total once `refunded` of
 * the `base` amount came back, across every refund and return so far.
 * Rounded down, so the member keeps a fraction of a point rather than lose
 * it; a full refund reverses exactly `earned`. Because the target is
 * cumulative, any number of partial refunds never reverses more than was
 * earned.
 */
export function reversalTarget(
  earned: number,
  base: BigNumberInput,
  refunded: BigNumberInput
): number {
  if (earned <= 0 || MathBN.lte(base, 0) || MathBN.lte(refunded, 0)) {
    return 0
  }
  if (MathBN.gte(refunded, base)) {
    return earned
  }
  return Math.min(earned, roundPointsDown(MathBN.div(MathBN.mult(earned, refunded), base)))
}

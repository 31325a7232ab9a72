import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE, orderEarningScope } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { EarningCampaign, pointsForPurchase } from "../../../rules/earning"
import { availableAt } from "../../../rules/pending"
import { earnMultiplier } from "../../../rules/tiers"
import { OrderQualification, orderQualification } from "../../tiers/utils/order-qualification"
import { LOYALTY_CREDIT_LINE_REFERENCE, LoyaltyTierDTO } from "../../../types/loyalty"

export const ORDER_EARNING_FIELDS = [
  "id",
  "email",
  "status",
  "customer_id",
  "currency_code",
  "sales_channel_id",
  "created_at",
  "customer.id",
  "customer.has_account",
  // the order module computes line totals only when order totals are asked for
  "item_total",
  "items.id",
  "items.quantity",
  "items.unit_price",
  "items.total",
  "items.tax_total",
  "items.is_tax_inclusive",
  "items.product_id",
  "credit_lines.amount",
  "credit_lines.reference",
]

/** What an order earns, ready for `earnPoints`. */
export type OrderEarning = {
  order_id: string
  customer_id: string
  /** The member's account when it exists already (the write then needs no identity lookup); else it is opened by the write. */
  account_id: string | null
  points: number
  base_amount: string
  currency_code: string
  sales_channel_id: string | null
  available_at: Date
  campaign_ids: string[]
  multiplier: string
}

/** A member's placed order, read once: what it earns (null: nothing) and what it counts toward their tier. */
export type PlacedOrder = {
  earning: OrderEarning | null
  qualification: OrderQualification
}

/** The idempotency key of an order's earning: the ledger's own scope for it. */
export const orderEarningKey = orderEarningScope

/**
 * What an order earns for `customerId` (default: the order's customer), or
 * null when it earns nothing: a guest's order, a cancelled one, a currency
 * without an earning rate. The math is `pointsForPurchase`; this gathers its
 * inputs from the order, the catalog, the program and the member's tier.
 */
export async function buildOrderEarning(
  container: MedusaContainer,
  orderId: string,
  customerId?: string
): Promise<OrderEarning | null> {
  return (await buildPlacedOrder(container, orderId, customerId))?.earning ?? null
}

/**
 * A placed order as its earn and its tier qualification need it, from one
 * read of the order and one of the member's account (whose stored tier
 * gives the multiplier: the tier held before this order counts, since the
 * order's own qualification is recorded after the earn). Null when the
 * order belongs to no member (a guest's, a cancelled one): it neither earns
 * nor counts. A member who left the program earns nothing, but the order
 * still counts toward their tier, as it always has.
 */
export async function buildPlacedOrder(
  container: MedusaContainer,
  orderId: string,
  customerId?: string
): Promise<PlacedOrder | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const {
    data: [order],
  } = await query.graph({ entity: "order", fields: ORDER_EARNING_FIELDS, filters: { id: orderId } })
  if (!order) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id: ${orderId} was not found`)
  }
  const qualification = orderQualification(order, customerId)
  if (!qualification) {
    return null
  }
  const member = qualification.customer_id
  const placedAt = qualification.placed_at

  // the member in one statement, which also names the program's generation: settings, tiers and
  // campaigns then come from the program's cache (no statement while the program is unchanged)
  const context = await loyalty.retrieveMemberContext({ customer_id: member })
  const { account } = context
  const [{ settings, tiers }, campaigns] = await Promise.all([
    loyalty.retrieveProgram({ token: context.program_token }),
    runningCampaigns(loyalty, placedAt, context.program_token),
  ])
  // a member who left the program earns nothing more (their data waits for erasure)
  if (account?.status === "closed") {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(`kapy: order ${order.id} earns nothing: the customer left the loyalty program`)
    return { earning: null, qualification }
  }
  const items = (order.items ?? []).filter(Boolean) as any[]
  // collections and categories matter only to a campaign aimed at them
  const categories = campaigns.some((c) => c.scope === "collection" || c.scope === "category")
    ? await productPlacement(container, items.map((i) => i.product_id).filter(Boolean))
    : new Map<string, { collection_id: string | null; category_ids: string[] }>()
  const multiplier = earnMultiplier(tiers as unknown as LoyaltyTierDTO[], account?.tier_id).toString()
  const paidWithPoints = (order.credit_lines ?? [])
    .filter((line: any) => line?.reference === LOYALTY_CREDIT_LINE_REFERENCE)
    .reduce((sum: any, line: any) => MathBN.add(sum, line.amount), MathBN.convert(0))

  const earning = pointsForPurchase(
    {
      items: items.map((item) => ({
        total: item.total,
        tax_total: item.tax_total,
        is_tax_inclusive: !!item.is_tax_inclusive,
        product_id: item.product_id,
        collection_id: categories.get(item.product_id)?.collection_id ?? null,
        category_ids: categories.get(item.product_id)?.category_ids ?? [],
      })),
      paid_with_points: paidWithPoints,
      rate: settings.earning.rates[qualification.currency_code],
      tier_multiplier: multiplier,
      campaigns,
      net_of_tax: settings.earning.net_of_tax,
    },
    placedAt
  )
  if (earning.points <= 0) {
    return { earning: null, qualification }
  }
  return {
    qualification,
    earning: {
      order_id: order.id,
      customer_id: member,
      account_id: account?.id ?? null,
      points: earning.points,
      base_amount: earning.base_amount,
      currency_code: qualification.currency_code,
      sales_channel_id: order.sales_channel_id ?? null,
      available_at: availableAt(placedAt, settings.earning.pending_days),
      campaign_ids: earning.campaign_ids,
      multiplier,
    },
  }
}

export async function productPlacement(container: MedusaContainer, productIds: string[]) {
  const placement = new Map<string, { collection_id: string | null; category_ids: string[] }>()
  if (!productIds.length) {
    return placement
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product",
    fields: ["id", "collection_id", "categories.id"],
    filters: { id: [...new Set(productIds)] },
  })
  for (const product of data as any[]) {
    placement.set(product.id, {
      collection_id: product.collection_id ?? null,
      category_ids: (product.categories ?? []).map((c: any) => c.id),
    })
  }
  return placement
}

/** The campaigns running at `at`, from the program's cache (`token`: the generation the caller's read saw). */
export async function runningCampaigns(loyalty: LoyaltyModuleService, at: Date, token?: string | null): Promise<EarningCampaign[]> {
  const campaigns = await loyalty.listRunningCampaigns(at, { token })
  return campaigns.map((c: any) => ({
    id: c.id,
    multiplier: c.multiplier,
    scope: c.scope,
    target_ids: c.target_ids ?? [],
    starts_at: c.starts_at,
    ends_at: c.ends_at,
  }))
}

import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { ordersBeforeShopifyOrder, ShopifyOrderFacts } from "../../../rules/shopify-orders"
import { customerGid } from "./graphql"
import { shopifyModule } from "./refs"

/** The customer's order count as Shopify keeps it (`Customer.numberOfOrders`, UnsignedInt64; `orders_count` left the payloads in 2022-10). */
export const CUSTOMER_ORDER_COUNT = `query KapyCustomerOrderCount($id: ID!) {
  customer(id: $id) { numberOfOrders }
}`

/**
 * How many orders the order's customer had placed before it, for the
 * referral rule "before the friend's first order" (`ordersBeforeShopifyOrder`):
 * Shopify's `numberOfOrders` read through the Admin API, and the orders
 * Kapy itself saw earn for the member (Shopify's or Medusa's) — the larger.
 * When the Admin API cannot answer, what Kapy saw stands, and the log says so.
 */
export async function shopifyOrdersBefore(container: MedusaContainer, order: ShopifyOrderFacts): Promise<number> {
  const shopify = shopifyModule(container)
  let numberOfOrders: string | null = null
  try {
    const { data } = await shopify.admin().request<any>(CUSTOMER_ORDER_COUNT, { id: customerGid(order.customer!.id) })
    numberOfOrders = data?.customer?.numberOfOrders ?? null
  } catch (error: any) {
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`Kapy Shopify order ${order.id}: the customer's order count was not read (${error?.message ?? error}); counting the orders Kapy saw`)
  }
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const member = await loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: order.customer!.id })
  const earlier = member
    ? (await loyalty.listLoyaltyEntries({ account_id: await loyalty.listMemberAccountIds(member.id), reason: "order" }, { select: ["id", "source_id"] }))
        .filter((e) => e.source_id !== order.id).length
    : 0
  return ordersBeforeShopifyOrder({ number_of_orders: numberOfOrders, earlier_orders_seen: earlier })
}

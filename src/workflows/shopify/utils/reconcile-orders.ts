import type { MedusaContainer } from "@medusajs/framework/types"
import { awardShopifyOrderRefunds } from "./order-refunds"
import { ORDER_FACTS_SELECTION, orderFactsFromGraphql } from "./payload"
import { ORDERS_SINCE } from "./graphql"
import { shopifyModule } from "./refs"
import { earnShopifyOrderPointsWorkflow } from "../workflows/earn-shopify-order-points"
import { reverseShopifyOrderPointsWorkflow } from "../workflows/reverse-shopify-order-points"

export const RECONCILE_RESOURCE = "orders"
const ORDERS_QUERY = ORDERS_SINCE(ORDER_FACTS_SELECTION)

export type ReconcileShopifyOrdersResult = {
  pages: number
  orders: number
  earned: number
  reversed: number
  finished: boolean
}

/**
 * Shopify may never deliver a webhook: this pages through the orders
 * updated since the last run (Admin GraphQL, `updated_at:>=`, oldest
 * first, through the cost-aware client) and applies what the webhooks
 * would have — the earning of a paid order, its refunds, its cancellation.
 * Every write has the key its webhook would use, so whichever arrives
 * first counts and the other records nothing.
 *
 * Resumable: the page cursor and the newest `updatedAt` seen are saved
 * after each page, and a run that stops continues from there. A finished
 * run moves `updated_since` to the newest `updatedAt` it saw (minus
 * `overlap_ms`, for orders updated while it ran).
 */
export async function reconcileShopifyOrders(
  container: MedusaContainer,
  {
    now = new Date(),
    page_size = 50,
    max_pages = 20,
    first_look_back_ms = 7 * 86_400_000,
    overlap_ms = 5 * 60_000,
  }: { now?: Date; page_size?: number; max_pages?: number; first_look_back_ms?: number; overlap_ms?: number } = {}
): Promise<ReconcileShopifyOrdersResult | null> {
  const shopify = shopifyModule(container)
  if (!shopify.isConfigured()) {
    return null
  }
  const shop = shopify.requireOptions().shop
  const cursor = await shopify.retrieveCursor(shop, RECONCILE_RESOURCE)
  const since = cursor?.updated_since ? new Date(cursor.updated_since) : new Date(now.getTime() - first_look_back_ms)
  let after = cursor?.cursor ?? null
  let newest = cursor?.run_max_updated_at ? new Date(cursor.run_max_updated_at) : null
  const result: ReconcileShopifyOrdersResult = { pages: 0, orders: 0, earned: 0, reversed: 0, finished: false }

  while (result.pages < max_pages) {
    const { data } = await shopify.admin().request<any>(ORDERS_QUERY, {
      first: page_size,
      after,
      query: `updated_at:>='${since.toISOString()}'`,
    })
    result.pages++
    for (const node of data.orders.nodes) {
      result.orders++
      const order = orderFactsFromGraphql(node)
      const { result: earning } = await earnShopifyOrderPointsWorkflow(container).run({
        input: { shop_domain: shop, order, require_paid: true, actor_id: "kapy-shopify-reconcile" },
      })
      if (earning.result && !earning.result.replayed) {
        result.earned++
      }
      result.reversed += await awardShopifyOrderRefunds(container, shop, order.id, node.refunds ?? [])
      if (order.cancelled_at) {
        const { result: reversal } = await reverseShopifyOrderPointsWorkflow(container).run({
          input: { shop_domain: shop, order_id: order.id, cause: "canceled" },
        })
        result.reversed += reversal && !reversal.replayed ? 1 : 0
      }
      const updated = node.updatedAt ? new Date(node.updatedAt) : null
      if (updated && (!newest || updated > newest)) {
        newest = updated
      }
    }
    const { hasNextPage, endCursor } = data.orders.pageInfo
    if (!hasNextPage) {
      await shopify.saveCursor({
        shop_domain: shop,
        resource: RECONCILE_RESOURCE,
        updated_since: newest ? new Date(newest.getTime() - overlap_ms) : since,
        cursor: null,
        run_max_updated_at: null,
        last_run_at: now,
      })
      result.finished = true
      break
    }
    after = endCursor
    await shopify.saveCursor({ shop_domain: shop, resource: RECONCILE_RESOURCE, cursor: after, run_max_updated_at: newest })
  }
  return result
}

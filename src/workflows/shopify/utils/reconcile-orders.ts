import type { MedusaContainer } from "@medusajs/framework/types"
import { awardShopifyOrderRefunds } from "./order-refunds"
import { ShopifyAdminClient, ShopifyAdminError } from "../../../modules/shopify/admin-client"
import { ORDER_FACTS_SELECTION, ORDER_LINE_SELECTION, orderFactsFromGraphql } from "./payload"
import { LINE_ITEM_COST, lineItemsPageCost, ORDER_LINE_ITEMS, ORDERS_SINCE, ordersPageSize } from "./graphql"
import { shopifyModule } from "./refs"
import { earnShopifyOrderPointsWorkflow } from "../workflows/earn-shopify-order-points"
import { reverseShopifyOrderPointsWorkflow } from "../workflows/reverse-shopify-order-points"
import { returnShopifyOrderCodesWorkflow } from "../workflows/return-shopify-order-codes"
import { rememberShopifyCancellation } from "./order-cancellations"

export const RECONCILE_RESOURCE = "orders"
const ORDERS_QUERY = ORDERS_SINCE(ORDER_FACTS_SELECTION)
const LINE_ITEMS_QUERY = ORDER_LINE_ITEMS(ORDER_LINE_SELECTION)
/** Line items read with each order of a page; an order with more reads the rest 89 at a time (893 points). */
const LINES_PER_ORDER = 5
const LINES_PER_PAGE = Math.floor((900 - lineItemsPageCost(0)) / LINE_ITEM_COST)

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
 * first counts and the other records nothing. An order without a customer
 * has no member to earn or lose anything and is passed over.
 *
 * Within Shopify's limits: a page holds as many orders (with their first 5
 * line items) as fit in 900 of the 1 000 points one query may cost
 * (graphql.ts has the arithmetic); an order with more lines reads the rest
 * with its own query. The client waits for the bucket's restore rate
 * before each page and retries THROTTLED; a MAX_COST_EXCEEDED (a shop
 * whose costs differ from the documented ones) halves the page and asks
 * again.
 *
 * Resumable: the page cursor and the newest `updatedAt` seen are saved
 * after each page, and a run that stops (or crashes) continues from there.
 * A finished run moves `updated_since` to the newest `updatedAt` it saw
 * (minus `overlap_ms`, for orders updated while it ran).
 */
export async function reconcileShopifyOrders(
  container: MedusaContainer,
  {
    now = new Date(),
    page_size = ordersPageSize(LINES_PER_ORDER),
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

  let first = page_size
  while (result.pages < max_pages) {
    let data: any
    try {
      ;({ data } = await shopify.admin().request<any>(ORDERS_QUERY, {
        first,
        after,
        query: `updated_at:>='${since.toISOString()}'`,
        lines: LINES_PER_ORDER,
      }))
    } catch (e) {
      if (tooCostly(e) && first > 1) {
        first = Math.ceil(first / 2)
        continue
      }
      throw e
    }
    result.pages++
    for (const node of data.orders.nodes) {
      result.orders++
      const updated = node.updatedAt ? new Date(node.updatedAt) : null
      if (updated && (!newest || updated > newest)) {
        newest = updated
      }
      if (!node.customer) {
        continue
      }
      await readRemainingLines(shopify.admin(), node)
      const order = orderFactsFromGraphql(node)
      const { result: earning } = await earnShopifyOrderPointsWorkflow(container).run({
        input: { shop_domain: shop, order, require_paid: true, actor_id: "kapy-shopify-reconcile" },
      })
      if (earning.result && !earning.result.replayed) {
        result.earned++
      }
      result.reversed += await awardShopifyOrderRefunds(container, shop, order.id, node.refunds ?? [])
      if (order.cancelled_at) {
        // as orders/cancelled does: remembered (a late orders/paid earns nothing), reversed, its cone codes' cones back once
        await rememberShopifyCancellation(container, shop, order.id)
        const { result: reversal } = await reverseShopifyOrderPointsWorkflow(container).run({
          input: { shop_domain: shop, order_id: order.id, cause: "canceled" },
        })
        result.reversed += reversal && !reversal.replayed ? 1 : 0
        if (order.discount_codes.length) {
          await returnShopifyOrderCodesWorkflow(container).run({
            input: { shop_domain: shop, order_id: order.id, codes: order.discount_codes, cause: "canceled" },
          })
        }
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

/** Completes an order's `lineItems.nodes` when the page carried only its first lines (halving on MAX_COST_EXCEEDED too). */
async function readRemainingLines(admin: ShopifyAdminClient, node: any) {
  let pageInfo = node.lineItems?.pageInfo
  let first = LINES_PER_PAGE
  while (pageInfo?.hasNextPage) {
    let data: any
    try {
      ;({ data } = await admin.request<any>(LINE_ITEMS_QUERY, { id: node.id, first, after: pageInfo.endCursor }))
    } catch (e) {
      if (tooCostly(e) && first > 1) {
        first = Math.ceil(first / 2)
        continue
      }
      throw e
    }
    node.lineItems.nodes.push(...data.order.lineItems.nodes)
    pageInfo = data.order.lineItems.pageInfo
  }
}

const tooCostly = (e: unknown) => e instanceof ShopifyAdminError && e.code === "MAX_COST_EXCEEDED"

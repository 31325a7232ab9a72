import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { WebhookDeliveryRow } from "../../../modules/shopify/service"
import { shopifyId } from "../../../rules/shopify-orders"
import { awardShopifySignupWorkflow } from "../workflows/award-shopify-signup"
import { earnShopifyOrderPointsWorkflow } from "../workflows/earn-shopify-order-points"
import { recordShopifyOrderReferralWorkflow } from "../workflows/record-shopify-order-referral"
import { eraseShopifyCustomerWorkflow } from "../workflows/erase-shopify-customer"
import { recordShopifyDataRequestWorkflow } from "../workflows/record-shopify-data-request"
import { returnShopifyOrderCodesWorkflow } from "../workflows/return-shopify-order-codes"
import { reverseShopifyOrderPointsWorkflow } from "../workflows/reverse-shopify-order-points"
import { updateShopifyMemberWorkflow } from "../workflows/update-shopify-member"
import { refundedItemsValue } from "../../../rules/refunds"
import { shopifyCustomerHasAccount } from "../../../rules/shopify-customers"
import { orderFactsFromWebhook, refundLinesFromWebhook } from "./payload"
import { shopifyOrdersBefore } from "./customer-orders"
import { returnCodesOfFullyRefundedOrder } from "./order-codes"
import { rememberShopifyCancellation, shopifyCancellationOf } from "./order-cancellations"
import { shopifyModule } from "./refs"
import { noteShopifyOutage } from "./shopify-outage"
import { isShopifyUnreachable } from "../../../modules/shopify/admin-client"

/** The webhook topics Kapy subscribes to (what README and the app's TOML list). */
export const SHOPIFY_WEBHOOK_TOPICS = [
  "orders/paid",
  "orders/cancelled",
  "refunds/create",
  "customers/create",
  "customers/update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
  "app/uninstalled",
] as const

/** Emitted once a stored delivery is ready to process (the route answers first). */
export const SHOPIFY_WEBHOOK_RECEIVED = "kapy.shopify.webhook_received"
/** Emitted with the export for `customers/data_request`: route it to the shop owner. */
export const SHOPIFY_CUSTOMER_DATA_REQUESTED = "kapy.shopify.customer_data_requested"

type Outcome = { skip?: string | null }

/** The Shopify customer a payload is about, for redaction of stored deliveries. */
export function deliveryCustomerId(topic: string, payload: any): string | null {
  if (topic.startsWith("customers/")) {
    return shopifyId(payload?.customer?.admin_graphql_api_id ?? payload?.customer?.id ?? payload?.admin_graphql_api_id ?? payload?.id)
  }
  return shopifyId(payload?.customer?.admin_graphql_api_id ?? payload?.customer?.id)
}

/** The Shopify order a delivery is about (orders/paid, orders/cancelled, refunds/create), else null: the earner's batches keep an order's deliveries together. */
export function deliveryOrderKey(topic: string, payload: any): string | null {
  if (topic === "orders/paid" || topic === "orders/cancelled") {
    return shopifyId(payload?.admin_graphql_api_id ?? payload?.id)
  }
  if (topic === "refunds/create") {
    return shopifyId(payload?.order_id)
  }
  return null
}

/**
 * Processes a stored webhook delivery by its topic, once: a delivery that
 * is already processed or skipped is left alone, and every ledger write
 * below has its own idempotency key, so a retry after a crash records
 * nothing twice. Ends with the delivery marked processed, skipped (with
 * why, also logged: a test order, a voided one…) or failed (kept for the
 * retry job).
 */
export async function processShopifyDelivery(container: MedusaContainer, deliveryId: string): Promise<WebhookDeliveryRow["status"] | null> {
  const shopify = shopifyModule(container)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const delivery = await shopify.retrieveDelivery(deliveryId)
  if (!delivery || delivery.status === "processed" || delivery.status === "skipped") {
    return delivery?.status ?? null
  }
  try {
    const outcome = await handle(container, delivery)
    if (outcome.skip) {
      logger.info(`Kapy Shopify ${delivery.topic} (webhook ${delivery.webhook_id}): nothing done, ${outcome.skip}`)
    }
    await shopify.finishDelivery({ id: delivery.id, status: outcome.skip ? "skipped" : "processed", note: outcome.skip ?? null })
    return outcome.skip ? "skipped" : "processed"
  } catch (error: any) {
    if (isShopifyUnreachable(error)) {
      // kept for the retry job; one warning per outage, not one per delivery and run
      noteShopifyOutage(container, delivery.shop_domain, `the ${delivery.topic} webhook ${delivery.webhook_id} (kept for the retry job)`, error)
    } else {
      logger.error(`Kapy Shopify ${delivery.topic} (webhook ${delivery.webhook_id}) failed: ${error?.message ?? error}`)
    }
    await shopify.finishDelivery({ id: delivery.id, status: "failed", note: String(error?.message ?? error).slice(0, 1000) })
    return "failed"
  }
}

async function handle(container: MedusaContainer, delivery: WebhookDeliveryRow): Promise<Outcome> {
  const shopify = shopifyModule(container)
  const payload: any = delivery.payload
  const shop = delivery.shop_domain
  switch (delivery.topic) {
    case "orders/paid": {
      const order = orderFactsFromWebhook(payload)
      // a cancellation delivered before this orders/paid wins
      order.cancelled_at ??= (await shopifyCancellationOf(container, shop, order.id))?.toISOString() ?? null
      const { result } = await earnShopifyOrderPointsWorkflow(container).run({ input: { shop_domain: shop, order } })
      // a refund delivered before this order's orders/paid was recorded but had nothing to reverse yet
      const refunded = await shopify.retrieveRefundedTotal(shop, order.id)
      if (result.result && Number(refunded) > 0) {
        await reverseShopifyOrderPointsWorkflow(container).run({ input: { shop_domain: shop, order_id: order.id, cause: "refund", refunded } })
        await returnCodesOfFullyRefundedOrder(container, shop, order.id, refunded)
      }
      if (!result.skip && order.customer) {
        // only an order with a code asks Shopify (Customer.numberOfOrders): the count serves the referral rules alone
        const ordersBefore = order.referral_code ? await shopifyOrdersBefore(container, order) : 0
        await recordShopifyOrderReferralWorkflow(container)
          .run({ input: { shop_domain: shop, order, orders_before: ordersBefore } })
          .catch((error: any) => {
            // an unknown code must not cost the shopper their cones: the earning stands
            container.resolve(ContainerRegistrationKeys.LOGGER).warn(`Kapy Shopify order ${order.id}: referral not recorded (${error?.message ?? error})`)
          })
      }
      for (const code of order.discount_codes) {
        await shopify.transitionCode({ code, from: ["active"], to: "used", fields: { used_at: new Date() } })
      }
      return { skip: result.skip ? `order ${order.id}: ${result.skip}` : null }
    }
    case "orders/cancelled": {
      const orderId = shopifyId(payload.admin_graphql_api_id ?? payload.id)!
      await rememberShopifyCancellation(container, shop, orderId)
      await reverseShopifyOrderPointsWorkflow(container).run({ input: { shop_domain: shop, order_id: orderId, cause: "canceled" } })
      // the payload is the order: the cone codes it used give their cones back, once
      const codes: string[] = (payload.discount_codes ?? []).map((d: any) => String(d.code))
      if (codes.length) {
        await returnShopifyOrderCodesWorkflow(container).run({ input: { shop_domain: shop, order_id: orderId, codes, cause: "canceled" } })
      }
      return {}
    }
    case "refunds/create": {
      const orderId = shopifyId(payload.order_id)!
      const refundId = shopifyId(payload.admin_graphql_api_id ?? payload.id)!
      // the refunded items only, in the shop's currency (rules/refunds rule 3): shipping and tax alone give back nothing
      const { refunded } = await shopify.recordRefund({
        shop_domain: shop,
        refund_id: refundId,
        order_id: orderId,
        amount: refundedItemsValue(refundLinesFromWebhook(payload)),
        currency_code: null,
      })
      await reverseShopifyOrderPointsWorkflow(container).run({
        input: { shop_domain: shop, order_id: orderId, cause: "refund", refunded },
      })
      await returnCodesOfFullyRefundedOrder(container, shop, orderId, refunded)
      return {}
    }
    case "customers/create": {
      if (!shopifyCustomerHasAccount(payload.state)) {
        return { skip: `customer ${shopifyId(payload.admin_graphql_api_id ?? payload.id)} has no account (state ${payload.state ?? "none"}): no welcome until it is enabled` }
      }
      await awardShopifySignupWorkflow(container).run({ input: signupInput(shop, payload) })
      return {}
    }
    case "customers/update": {
      const id = shopifyId(payload.admin_graphql_api_id ?? payload.id)!
      await updateShopifyMemberWorkflow(container).run({
        input: { id, email: payload.email ?? null, verified_email: payload.verified_email === true },
      })
      // an account enabled since (an invitation accepted): the welcome, once per member
      if (shopifyCustomerHasAccount(payload.state)) {
        await awardShopifySignupWorkflow(container).run({ input: signupInput(shop, payload) })
      }
      return {}
    }
    case "customers/data_request": {
      const { result } = await recordShopifyDataRequestWorkflow(container).run({
        input: {
          shop_domain: shop,
          delivery_id: delivery.id,
          customer_id: shopifyId(payload.customer.id)!,
          email: payload.customer.email ?? null,
          data_request_id: shopifyId(payload.data_request?.id),
        },
      })
      await container.resolve(Modules.EVENT_BUS).emit({
        name: SHOPIFY_CUSTOMER_DATA_REQUESTED,
        data: {
          shop_domain: shop,
          customer_id: result.shopify_customer_id,
          data_request_id: result.data_request_id,
          privacy_request_id: result.id,
          export: result.export,
        },
      })
      return result.export ? {} : { skip: `Kapy holds no data about customer ${result.shopify_customer_id}` }
    }
    case "customers/redact": {
      const id = shopifyId(payload.customer?.id)!
      await eraseShopifyCustomerWorkflow(container).run({ input: { customer_id: id, shop_domain: shop } })
      return {}
    }
    case "shop/redact": {
      // Shopify sends shop/redact 48 hours after app/uninstalled: for a shop that still has the app it is not Shopify's
      if (!(await shopify.isUninstalled(shop))) {
        const why = `${shop} has the app installed, and Shopify sends shop/redact only after app/uninstalled: nothing erased`
        container.resolve(ContainerRegistrationKeys.LOGGER).warn(`Kapy Shopify shop/redact (webhook ${delivery.webhook_id}) refused: ${why}`)
        return { skip: why }
      }
      const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      // the adapter serves one shop (the configured one, which the intake checked): its Shopify identities are this shop's
      const identities = await loyalty.listLoyaltyIdentities({ provider: "shopify" }, { select: ["external_id"] })
      for (const identity of identities) {
        await eraseShopifyCustomerWorkflow(container).run({ input: { customer_id: identity.external_id, shop_domain: shop } })
      }
      await shopify.eraseShopData(shop)
      return {}
    }
    case "app/uninstalled": {
      await shopify.markUninstalled(shop)
      return {}
    }
    default:
      return { skip: `topic ${delivery.topic} is not one Kapy handles` }
  }
}

/** The welcome's input from a `customers/create` or `customers/update` payload (a `ref=CODE` in the note is the referral). */
function signupInput(shop: string, payload: any) {
  const note = String(payload.note ?? "")
  return {
    shop_domain: shop,
    customer: {
      id: shopifyId(payload.admin_graphql_api_id ?? payload.id)!,
      email: payload.email ?? null,
      verified_email: payload.verified_email === true,
      phone: payload.phone ?? null,
      orders_count: Number(payload.orders_count ?? 0),
    },
    referral_code: /(?:^|\s)ref[:=]\s*([A-Za-z0-9]{6,12})/i.exec(note)?.[1] ?? null,
  }
}

import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { OutboxRow } from "../../../modules/shopify/service"
import type { ShopifyOrderFacts } from "../../../rules/shopify-orders"
import { evaluateAccountTiersWorkflow } from "../../tiers/workflows/evaluate-account-tiers"
import { shopifyOrderQualification } from "../steps/record-shopify-order-qualification"
import { recordShopifyTierReversal } from "../steps/record-shopify-tier-reversal"
import { recordShopifyOrderReferralWorkflow } from "../workflows/record-shopify-order-referral"
import { returnShopifyOrderCodesWorkflow } from "../workflows/return-shopify-order-codes"
import { shopifyOrdersBefore } from "./customer-orders"
import { returnCodesOfFullyRefundedOrder } from "./order-codes"
import { shopifyModule } from "./refs"

/** How many outbox rows one pass takes. */
const OUTBOX_BATCH = 50

/**
 * Does what committed batches left in the outbox, oldest first: the
 * `loyalty.*` events they wrote (one emit per batch), the orders' tier
 * qualification (one insert per batch) and reversals, with one tier
 * evaluation of all their members per batch (`evaluateAccountTiers`; an
 * upgrade syncs the Shopify customer's tags and metafields through
 * `loyalty.tier_changed`), referrals, and cone codes coming back. Each
 * handler is idempotent (keys, cumulative targets), so a worker dying
 * between a handler and marking it done does it again without counting
 * twice; a row that fails is retried with backoff. Returns how many rows
 * were done; `timings`, when given, gets the milliseconds spent per kind.
 */
export async function drainShopifyOutbox(container: MedusaContainer, timings?: Record<string, number>): Promise<number> {
  const shopify = shopifyModule(container)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  let done = 0
  for (;;) {
    const rows = await shopify.claimOutbox({ limit: OUTBOX_BATCH })
    if (!rows.length) {
      return done
    }
    const ok: string[] = []
    const failed: { id: string; note: string }[] = []
    for (const row of rows) {
      const started = Date.now()
      try {
        await handle(container, row)
        ok.push(row.id)
      } catch (error: any) {
        logger.error(`Kapy Shopify outbox ${row.kind} ${row.id} failed (retried): ${error?.message ?? error}`)
        failed.push({ id: row.id, note: String(error?.message ?? error) })
      }
      if (timings) {
        timings[row.kind] = (timings[row.kind] ?? 0) + Date.now() - started
      }
    }
    await shopify.finishOutbox(ok, failed)
    done += ok.length
  }
}

async function handle(container: MedusaContainer, row: OutboxRow) {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const payload = row.payload
  switch (row.kind) {
    case "events": {
      const events: { name: string; data: unknown }[] = payload.events
      await container.resolve(Modules.EVENT_BUS).emit(events.map((e) => ({ name: e.name, data: e.data })))
      return
    }
    case "qualify": {
      const orders: { shop_domain: string; order: ShopifyOrderFacts }[] = payload.orders
      const accounts: Record<string, string> = payload.accounts
      // the batch's orders toward tiers in one insert, then one evaluation of their members
      const members = new Set(orders.map(({ order }) => accounts[order.customer!.id]))
      await loyalty.recordTierQualificationsInBulk(
        orders.map(({ shop_domain, order }) => shopifyOrderQualification({ shop_domain, order, account_id: accounts[order.customer!.id] }))
      )
      await evaluateAccountTiersWorkflow(container).run({ input: { account_ids: [...members] } })
      // referrals: an order with a code, or the order of a friend whose referral waits for one
      const waiting = new Set(
        (await loyalty.listLoyaltyReferrals({ friend_account_id: [...members], status: "pending", order_id: null } as any, { select: ["friend_account_id"] })).map(
          (r: any) => r.friend_account_id
        )
      )
      for (const { shop_domain, order } of orders) {
        if (!order.referral_code && !waiting.has(accounts[order.customer!.id])) {
          continue
        }
        const ordersBefore = order.referral_code ? await shopifyOrdersBefore(container, order) : 0
        await recordShopifyOrderReferralWorkflow(container)
          .run({ input: { shop_domain, order, orders_before: ordersBefore } })
          .catch((error: any) => {
            // an unknown code must not cost the shopper their cones: the earning stands
            container.resolve(ContainerRegistrationKeys.LOGGER).warn(`Kapy Shopify order ${order.id}: referral not recorded (${error?.message ?? error})`)
          })
      }
      return
    }
    case "tier_reversals": {
      const members = new Set<string>()
      for (const reversal of payload.reversals) {
        const member = await recordShopifyTierReversal(loyalty, reversal)
        if (member?.account_id) {
          members.add(member.account_id)
        }
      }
      if (members.size) {
        await evaluateAccountTiersWorkflow(container).run({ input: { account_ids: [...members] } })
      }
      return
    }
    case "order_codes": {
      await returnShopifyOrderCodesWorkflow(container).run({ input: payload })
      return
    }
    case "refund_codes": {
      await returnCodesOfFullyRefundedOrder(container, payload.shop_domain, payload.order_id, payload.refunded)
      return
    }
    default:
      throw new Error(`unknown outbox kind ${row.kind}`)
  }
}

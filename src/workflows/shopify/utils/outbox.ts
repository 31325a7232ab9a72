import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { OutboxRow } from "../../../modules/shopify/service"
import type { ShopifyOrderFacts } from "../../../rules/shopify-orders"
import type { MemberRef } from "../../../types/loyalty"
import { evaluateMemberTiersWorkflow } from "../../tiers/workflows/evaluate-member-tiers"
import { recordShopifyOrderQualification } from "../steps/record-shopify-order-qualification"
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
 * qualification and reversals with one tier evaluation per batch (an
 * upgrade syncs the Shopify customer's tags and metafields through
 * `loyalty.tier_changed`), referrals, and cone codes coming back. Each
 * handler is idempotent (keys, cumulative targets), so a worker dying
 * between a handler and marking it done does it again without counting
 * twice; a row that fails is retried with backoff. Returns how many rows
 * were done.
 */
export async function drainShopifyOutbox(container: MedusaContainer): Promise<number> {
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
      try {
        await handle(container, row)
        ok.push(row.id)
      } catch (error: any) {
        logger.error(`Kapy Shopify outbox ${row.kind} ${row.id} failed (retried): ${error?.message ?? error}`)
        failed.push({ id: row.id, note: String(error?.message ?? error) })
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
      const members = new Map<string, MemberRef>()
      for (const { shop_domain, order } of orders) {
        const account_id = accounts[order.customer!.id]
        await recordShopifyOrderQualification(loyalty, { shop_domain, order, account_id })
        members.set(account_id, { account_id })
      }
      await evaluateMemberTiersWorkflow(container).run({ input: { members: [...members.values()] } })
      // referrals: an order with a code, or the order of a friend whose referral waits for one
      const waiting = new Set(
        (await loyalty.listLoyaltyReferrals({ friend_account_id: [...members.keys()], status: "pending", order_id: null } as any, { select: ["friend_account_id"] })).map(
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
      const members = new Map<string, MemberRef>()
      for (const reversal of payload.reversals) {
        const member = await recordShopifyTierReversal(loyalty, reversal)
        if (member?.account_id) {
          members.set(member.account_id, member)
        }
      }
      if (members.size) {
        await evaluateMemberTiersWorkflow(container).run({ input: { members: [...members.values()] } })
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

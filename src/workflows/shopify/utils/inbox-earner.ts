import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { Context, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { WebhookDeliveryRow } from "../../../modules/shopify/service"
import { refundedItemsValue, orderReversalTarget } from "../../../rules/refunds"
import { SHOPIFY_SKIP_MESSAGES, shopifyId, ShopifyOrderFacts, shopifyOrderSkipReason } from "../../../rules/shopify-orders"
import { earnMultiplier } from "../../../rules/tiers"
import type { BulkPointsWrite, LedgerResult, LoyaltyTierDTO } from "../../../types/loyalty"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { shopifyOrderEarning } from "../steps/prepare-shopify-order-earning"
import { refundBaseOf, reverseShopifyOrderPointsStepId } from "../steps/reverse-shopify-order-points"
import { orderFactsFromWebhook, refundLinesFromWebhook } from "./payload"
import { deliveryOrderKey, processShopifyDelivery } from "./process-delivery"
import { shopifyIdentity, shopifyModule, shopifyOrderRef } from "./refs"

/** How many deliveries one batch claims. */
export const INBOX_BATCH_SIZE = Math.max(1, Number(process.env.KAPY_SHOPIFY_BATCH_SIZE ?? 200))
/** The topics the batch applies set-based; the others (customers, privacy, uninstall) are processed one by one after it. */
const ORDER_TOPICS = new Set(["orders/paid", "refunds/create", "orders/cancelled"])
/** How long a delivery taken out of the batch for one-by-one processing is kept from other workers. */
const SINGLE_LEASE_SECONDS = 300

export type InboxBatchReport = { claimed: number; processed: number; skipped: number; failed: number; single: number }

/** Test hooks: fail one delivery's planning, or the batch after its writes (a worker killed mid-batch). */
export type InboxFaults = { planning?: (delivery: WebhookDeliveryRow) => void; afterWrites?: () => void }

/** A knex transaction as the modules' `sharedContext`: their raw-SQL methods then run in it. */
export function inTransaction(trx: Knex.Transaction): Context {
  return { transactionManager: { getTransactionContext: () => trx } } as unknown as Context
}

type Group = { shop: string; order_id: string; rows: WebhookDeliveryRow[] }
type Plan = {
  settled: { id: string; status: "processed" | "skipped"; note: string | null }[]
  failed: { id: string; note: string }[]
  outbox: { kind: string; payload: unknown }[]
}

/**
 * One batch of the inbox, in one transaction: claims up to `limit` due
 * deliveries (`FOR UPDATE SKIP LOCKED`), takes the advisory lock of every
 * Shopify order they are about (a concurrent worker's batch with the same
 * order waits for this one), and applies the order topics set-based:
 *
 * - each order's deliveries in arrival order: an `orders/paid` earns
 *   unless the order is cancelled by then (a cancellation recorded
 *   before, or arrived earlier in the batch); copies of it earn nothing
 *   more; refunds and cancellations are recorded in one insert
 *   (`recordRefundsInBulk`) and the order's reversal brought up to what
 *   they call for (`orderReversalTarget`, cumulative, so applying them
 *   after the batch's earns ends where one-by-one delivery ends);
 * - members: looked up in two statements, the new ones made in bulk;
 * - the earns through the ledger's bulk path (`writePointsInBulk`: keys,
 *   entries, lots and totals in a few statements), by the same earning
 *   rule as one delivery (`shopifyOrderEarning`);
 * - the deliveries settled in one UPDATE, and what must follow the commit
 *   (events, tier qualification, referrals, cone codes) in the outbox.
 *
 * A delivery whose planning throws is counted failed (backoff, dead after
 * 8 tries) without failing the others; should the set-based writes fail,
 * each order's deliveries are applied again in a savepoint of their own.
 * The other topics are leased and processed one by one after the commit
 * (`processShopifyDelivery`). A worker killed before the commit leaves
 * everything as it was: its claims and locks go with its connection.
 */
export async function earnShopifyInboxBatch(
  container: MedusaContainer,
  { limit = INBOX_BATCH_SIZE, now = new Date(), faults = {} }: { limit?: number; now?: Date; faults?: InboxFaults } = {}
): Promise<InboxBatchReport> {
  const pg = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const shopify = shopifyModule(container)
  const report: InboxBatchReport = { claimed: 0, processed: 0, skipped: 0, failed: 0, single: 0 }
  const singles: string[] = []
  await pg.transaction(async (trx) => {
    const ctx = inTransaction(trx)
    const rows = await shopify.claimDueDeliveries({ limit, now }, ctx)
    report.claimed = rows.length
    if (!rows.length) {
      return
    }
    const orderRows = rows.filter((r) => ORDER_TOPICS.has(r.topic) && r.payload)
    const others = rows.filter((r) => !orderRows.includes(r))
    await shopify.leaseDeliveries(others.map((r) => r.id), SINGLE_LEASE_SECONDS, ctx)
    singles.push(...others.map((r) => r.id))

    const groups = groupByOrder(orderRows)
    for (const shop of new Set(groups.map((g) => g.shop))) {
      await shopify.lockOrders(shop, groups.filter((g) => g.shop === shop).map((g) => g.order_id), ctx)
    }
    let plan: Plan
    try {
      plan = await trx.transaction((savepoint) => applyGroups(container, savepoint, groups, faults))
    } catch {
      // one order's deliveries at a time, each in its savepoint: the one that fails is counted failed alone
      plan = { settled: [], failed: [], outbox: [] }
      for (const group of groups) {
        try {
          const one = await trx.transaction((savepoint) => applyGroups(container, savepoint, [group], faults))
          plan.settled.push(...one.settled)
          plan.failed.push(...one.failed)
          plan.outbox.push(...one.outbox)
        } catch (error: any) {
          plan.failed.push(...group.rows.map((r) => ({ id: r.id, note: String(error?.message ?? error) })))
        }
      }
    }
    await shopify.settleDeliveries(plan.settled, ctx)
    await shopify.failDeliveries(plan.failed, ctx)
    await shopify.enqueueOutbox(plan.outbox, ctx)
    faults.afterWrites?.()
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const byId = new Map(rows.map((r) => [r.id, r]))
    for (const skipped of plan.settled.filter((s) => s.status === "skipped")) {
      const row = byId.get(skipped.id)!
      logger.info(`Kapy Shopify ${row.topic} (webhook ${row.webhook_id}): nothing done, ${skipped.note}`)
    }
    report.processed = plan.settled.filter((s) => s.status === "processed").length
    report.skipped = plan.settled.filter((s) => s.status === "skipped").length
    report.failed = plan.failed.length
    if (plan.failed.length) {
      logger.error(`Kapy Shopify earner: ${plan.failed.length} deliveries failed (retried with backoff): ${plan.failed[0].note}`)
    }
  })
  for (const id of singles) {
    await processShopifyDelivery(container, id)
  }
  report.single = singles.length
  return report
}

/** The batch's order deliveries by (shop, order), each order's in arrival order. */
function groupByOrder(rows: WebhookDeliveryRow[]): Group[] {
  const groups = new Map<string, Group>()
  const sorted = [...rows].sort((a, b) => +new Date(a.created_at) - +new Date(b.created_at) || (a.id < b.id ? -1 : 1))
  for (const row of sorted) {
    const orderId = row.order_key ?? deliveryOrderKey(row.topic, row.payload) ?? `delivery:${row.id}`
    const key = `${row.shop_domain}\u0000${orderId}`
    const group = groups.get(key) ?? { shop: row.shop_domain, order_id: orderId, rows: [] }
    group.rows.push(row)
    groups.set(key, group)
  }
  return [...groups.values()]
}

type PaidPlan = { group: Group; row: WebhookDeliveryRow; order: ShopifyOrderFacts; copies: WebhookDeliveryRow[] }

/** Applies these orders' deliveries in the transaction `trx` (see `earnShopifyInboxBatch`) and says how each ends. */
async function applyGroups(container: MedusaContainer, trx: Knex.Transaction, groups: Group[], faults: InboxFaults): Promise<Plan> {
  const ctx = inTransaction(trx)
  const shopify = shopifyModule(container)
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const plan: Plan = { settled: [], failed: [], outbox: [] }
  const events: { name: string; data: unknown }[] = []
  const planned = (row: WebhookDeliveryRow, work: () => void) => {
    try {
      faults.planning?.(row)
      work()
    } catch (error: any) {
      plan.failed.push({ id: row.id, note: String(error?.message ?? error) })
    }
  }

  // 1. read each delivery: refunds and cancellations to record, the paid to earn (its copies earn nothing more)
  const refunds: { shop: string; refund_id: string; order_id: string; amount: string }[] = []
  const paids: PaidPlan[] = []
  const cancelledEarly = new Set<Group>()
  const touched = new Map<Group, { cancel: boolean; refund: boolean; codes: string[] }>()
  for (const group of groups) {
    let paid: PaidPlan | null = null
    for (const row of group.rows) {
      const payload: any = row.payload
      planned(row, () => {
        if (row.topic === "orders/paid") {
          if (paid) {
            paid.copies.push(row)
            return
          }
          const order = orderFactsFromWebhook(payload)
          if (cancelledEarly.has(group)) {
            order.cancelled_at ??= new Date().toISOString()
          }
          paid = { group, row, order, copies: [] }
          paids.push(paid)
        } else if (row.topic === "refunds/create") {
          const amount = refundedItemsValue(refundLinesFromWebhook(payload))
          refunds.push({ shop: group.shop, refund_id: shopifyId(payload.admin_graphql_api_id ?? payload.id)!, order_id: group.order_id, amount: String(amount) })
          const t = touched.get(group) ?? { cancel: false, refund: false, codes: [] }
          t.refund = true
          touched.set(group, t)
          plan.settled.push({ id: row.id, status: "processed", note: null })
        } else {
          refunds.push({ shop: group.shop, refund_id: `cancelled:${group.order_id}`, order_id: group.order_id, amount: "0" })
          if (!paid) {
            cancelledEarly.add(group)
          }
          const t = touched.get(group) ?? { cancel: false, refund: false, codes: [] }
          t.cancel = true
          t.codes.push(...(payload.discount_codes ?? []).map((d: any) => String(d.code)))
          touched.set(group, t)
          plan.settled.push({ id: row.id, status: "processed", note: null })
        }
      })
    }
  }

  // 2. what the orders' refunds and cancellations stand at, this batch's included
  const state = new Map<string, { refunded: string; cancelled: boolean; cancelled_before: boolean }>()
  for (const shop of new Set(groups.map((g) => g.shop))) {
    const mine = refunds.filter((r) => r.shop === shop)
    const orders = groups.filter((g) => g.shop === shop).map((g) => g.order_id)
    const answered = await shopify.recordRefundsInBulk(shop, mine, orders, ctx)
    for (const [orderId, s] of answered.state) {
      // cancelled before this batch: the marker was there already (this batch's insert of it did nothing)
      const cancelled_before = s.cancelled && !answered.created.has(`cancelled:${orderId}`)
      state.set(`${shop}\u0000${orderId}`, { ...s, cancelled_before })
    }
  }
  const stateOf = (group: Group) => state.get(`${group.shop}\u0000${group.order_id}`) ?? { refunded: "0", cancelled: false, cancelled_before: false }

  // 3. the paid orders: cancelled before (recorded earlier, or earlier in this batch) earns nothing; else the members, in bulk
  const earning: PaidPlan[] = []
  for (const paid of paids) {
    // a cancellation recorded before this batch wins as it does for one delivery (one arrived earlier in this batch is in the facts already)
    const skip = shopifyOrderSkipReason(paid.order) ?? (stateOf(paid.group).cancelled_before ? "cancelled" : null)
    if (skip) {
      plan.settled.push({ id: paid.row.id, status: "skipped", note: `order ${paid.order.id}: ${SHOPIFY_SKIP_MESSAGES[skip]}` })
      paid.copies.forEach((c) => plan.settled.push({ id: c.id, status: "skipped", note: `order ${paid.order.id}: ${SHOPIFY_SKIP_MESSAGES[skip]}` }))
    } else {
      earning.push(paid)
    }
  }
  const accounts = await ensureMembers(container, loyalty, earning.map((p) => p.order.customer!), ctx)
  const [settings, tiers, campaigns] = await Promise.all([
    loyalty.retrieveProgramSettings(),
    loyalty.listLoyaltyTiers({}, { order: { rank: "ASC" } }) as unknown as Promise<LoyaltyTierDTO[]>,
    loyalty.listLoyaltyCampaigns({}),
  ])

  // 4. the earns, by the one earning rule, through the ledger's bulk path
  const writes: { paid: PaidPlan; write: BulkPointsWrite }[] = []
  const qualify: { shop_domain: string; order: ShopifyOrderFacts }[] = []
  for (const paid of earning) {
    planned(paid.row, () => {
      const account = accounts.get(paid.order.customer!.id)!
      const placedAt = paid.order.processed_at ? new Date(paid.order.processed_at) : new Date()
      const running = campaigns
        .filter((c: any) => new Date(c.starts_at) <= placedAt && (!c.ends_at || new Date(c.ends_at) > placedAt))
        .map((c: any) => ({ id: c.id, multiplier: c.multiplier, scope: c.scope, target_ids: c.target_ids ?? [], starts_at: c.starts_at, ends_at: c.ends_at }))
      const result = shopifyOrderEarning({
        shop_domain: paid.group.shop,
        order: paid.order,
        account_id: account.id,
        settings,
        campaigns: running,
        multiplier: earnMultiplier(tiers, account.tier_id).toString(),
        placed_at: placedAt,
      })
      qualify.push({ shop_domain: paid.group.shop, order: paid.order })
      if (result.earn) {
        writes.push({ paid, write: { earn: result.earn } })
      } else {
        plan.settled.push({ id: paid.row.id, status: "skipped", note: `order ${paid.order.id}: ${result.skip}` })
      }
    })
  }
  const answers = writes.length ? await loyalty.writePointsInBulk(writes.map((w) => w.write), ctx) : []
  const earned = new Map<string, LedgerResult>()
  answers.forEach((answer, i) => {
    const { paid } = writes[i]
    if (answer.ok && !answer.result.replayed) {
      earned.set(paid.row.id, answer.result)
      plan.settled.push({ id: paid.row.id, status: "processed", note: null })
    } else if (answer.ok || answer.type === "conflict") {
      // written before (the same key; another amount when the tier changed since): the order earned already
      plan.settled.push({ id: paid.row.id, status: "skipped", note: `order ${paid.order.id}: the order earned already` })
    } else {
      plan.failed.push({ id: paid.row.id, note: answer.message })
    }
    paid.copies.forEach((c) => plan.settled.push({ id: c.id, status: "skipped", note: `order ${paid.order.id}: the order earned already` }))
  })
  events.push(...eventPayloads([...earned.values()]).map((data) => ({ name: LoyaltyEvents.POINTS_EARNED, data })))
  const codes = earning.flatMap((p) => p.order.discount_codes)
  await shopify.markCodesUsed(codes, ctx)

  // 5. reversals: every order this batch refunded or cancelled, and every order that earned with refunds or a cancellation recorded before
  const reversals: { shop_domain: string; order_id: string; cause: "canceled" | "refund"; refunded: string }[] = []
  const toReverse = new Set<Group>([...touched.keys(), ...paids.filter((p) => earned.has(p.row.id)).map((p) => p.group)])
  for (const group of toReverse) {
    const s = stateOf(group)
    const t = touched.get(group)
    const cause = s.cancelled ? "canceled" : "refund"
    if (cause === "refund" && !(Number(s.refunded) > 0)) {
      continue
    }
    const ref = shopifyOrderRef(group.shop, group.order_id)
    const found = await loyalty.findOrderEarning(ref, ctx)
    if (found && found.points > 0) {
      const total = orderReversalTarget({ cause, earned_points: found.points, base: refundBaseOf(found.entry.metadata), given_back: s.refunded })
      if (total > 0) {
        const result = await loyalty.reversePointsUpTo(
          {
            entry_id: found.entry.id,
            total,
            idempotency_key: `order-reversal:${ref}:${total}`,
            actor_type: "system",
            actor_id: reverseShopifyOrderPointsStepId,
            note: cause === "canceled" ? "Shopify order cancelled" : "Shopify order refunded",
          },
          ctx
        )
        events.push(...eventPayloads([result]).map((data) => ({ name: LoyaltyEvents.POINTS_REVERSED, data })))
      }
      reversals.push({ shop_domain: group.shop, order_id: group.order_id, cause, refunded: s.refunded })
    }
    if (t?.cancel && t.codes.length) {
      plan.outbox.push({ kind: "order_codes", payload: { shop_domain: group.shop, order_id: group.order_id, codes: [...new Set(t.codes)], cause: "canceled" } })
    } else if (!s.cancelled && Number(s.refunded) > 0) {
      plan.outbox.push({ kind: "refund_codes", payload: { shop_domain: group.shop, order_id: group.order_id, refunded: s.refunded } })
    }
  }

  // 6. what follows the commit
  if (events.length) {
    plan.outbox.push({ kind: "events", payload: { events } })
  }
  if (qualify.length) {
    plan.outbox.push({ kind: "qualify", payload: { orders: qualify, accounts: Object.fromEntries([...accounts].map(([k, a]) => [k, a.id])) } })
  }
  if (reversals.length) {
    plan.outbox.push({ kind: "tier_reversals", payload: { reversals } })
  }
  // plan settled the refunds and cancels already; a failed one is only in failed
  const failedIds = new Set(plan.failed.map((f) => f.id))
  plan.settled = plan.settled.filter((s) => !failedIds.has(s.id))
  return plan
}

/**
 * The members of these Shopify customers, as `ensureMember` gives each
 * (`ensureMembersInBulk`, in the batch's transaction): the known ones read
 * in two statements, the new ones made together (accounts and identities
 * in one insert each); only a verified email to join or a changed email
 * goes the one-by-one way.
 */
async function ensureMembers(
  container: MedusaContainer,
  loyalty: LoyaltyModuleService,
  customers: { id: string; email: string | null; verified_email: boolean }[],
  ctx: Context
): Promise<Map<string, { id: string; tier_id: string | null }>> {
  const unique = [...new Map(customers.map((c) => [c.id, c])).values()]
  const accounts = await loyalty.ensureMembersInBulk(unique.map((c) => shopifyIdentity(container, c)), ctx)
  return new Map([...accounts].map(([id, a]) => [id, { id: a.id, tier_id: (a as any).tier_id ?? null }]))
}

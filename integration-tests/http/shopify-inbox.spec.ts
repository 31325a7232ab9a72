import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { KAPY_SHOPIFY_MODULE } from "../../src/modules/shopify"
import type ShopifyModuleService from "../../src/modules/shopify/service"
import { earnShopifyInboxBatch, processShopifyDelivery } from "../../src/workflows/shopify"
import { createAdmin, failing } from "../helpers"
import { runScheduledJob } from "../jobs"
import { useShopifyStandIn, webhookHeaders } from "../shopify/harness"
import { CountedLine, countedOrderPayload, countedRefundPayload } from "../shopify/payloads-orders"

jest.setTimeout(300_000)

useShopifyStandIn()

const CUSTOMERS = 5
const ORDERS = 20

/** A small seeded generator: the same mix every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Delivery = { topic: string; body: string; headers?: Record<string, string> }

const customerId = (run: number, c: number) => `74012345678${run}${String(c).padStart(5, "0")}`
const orderId = (run: number, k: number) => `58012345678${run}${String(k).padStart(5, "0")}`

/**
 * A random stream of deliveries for run `run` (its own customer and order
 * ids): every order paid (one never, only cancelled), partial and full
 * refunds, cancellations, 10 % copies (half a retry of the same webhook,
 * half the same event under another webhook id), all shuffled.
 */
function mix(run: number, seed = 23): Delivery[] {
  const rand = random(seed)
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]
  const out: Delivery[] = []
  for (let k = 0; k < ORDERS; k++) {
    const c = k % CUSTOMERS
    const line: CountedLine = { id: `1340${run}${String(k).padStart(4, "0")}1`, product_id: "8801234567890123453", price: pick(["20.00", "35.50", "50.00", "12.99"]), quantity: 4, tax: "4.00" }
    const id = orderId(run, k)
    const customer = { id: customerId(run, c), email: `shopper-${run}-${c}@inbox.test`, verified_email: false }
    if (k !== 7) {
      out.push({ topic: "orders/paid", body: countedOrderPayload({ id, customer, lines: [line] }) })
    }
    const fate = rand()
    let refunded = 0
    let r = 0
    const refund = (quantity: number) =>
      out.push({ topic: "refunds/create", body: countedRefundPayload({ id: `910123456${run}${String(k).padStart(4, "0")}${++r}`, order_id: id, items: [{ line, quantity }] }) })
    if (fate < 0.35) {
      refund(1)
      refunded = 1
      if (rand() < 0.5) {
        refund(3)
        refunded = 4
      }
    } else if (fate < 0.5) {
      refund(4)
      refunded = 4
    }
    if (k === 7 || (fate > 0.5 && fate < 0.7) || (refunded === 1 && rand() < 0.3)) {
      out.push({
        topic: "orders/cancelled",
        body: JSON.stringify({ id: 1, admin_graphql_api_id: `gid://shopify/Order/${id}`, cancelled_at: "2026-11-20T10:00:00Z", cancel_reason: "customer" }),
      })
    }
  }
  // copies: a retry keeps the webhook (and event) id; another subscription's copy comes with new ones
  const copies = out.filter(() => rand() < 0.1).map((d, i) => (i % 2 ? { ...d, headers: (d.headers = webhookHeaders(d.topic, d.body)) } : { ...d }))
  const all = [...out, ...copies]
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[all[i], all[j]] = [all[j], all[i]]
  }
  return all
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let loyalty: LoyaltyModuleService
    let shopify: ShopifyModuleService

    beforeEach(() => {
      loyalty = getContainer().resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      shopify = getContainer().resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
    })

    const post = (d: Delivery) =>
      api.post("/shopify/webhooks", d.body, { headers: d.headers ?? webhookHeaders(d.topic, d.body), transformRequest: [(data: unknown) => data] })

    /** One delivery at a time, each processed as it arrives (the path before the inbox). */
    async function single(run: number) {
      for (const d of mix(run)) {
        const response = await post(d)
        if (!response.data.duplicate) {
          await processShopifyDelivery(getContainer(), response.data.id)
        }
      }
    }

    /** Every delivery posted, then the earner as Medusa runs it. */
    async function batched(run: number) {
      for (const d of mix(run)) {
        await post(d)
      }
    }

    async function accounts(run: number) {
      const out: number[][] = []
      for (let c = 0; c < CUSTOMERS; c++) {
        const a = await loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: customerId(run, c) })
        out.push(a ? [a.points_balance, a.points_pending, a.lifetime_points, a.lifetime_redeemed] : [])
      }
      return out
    }

    async function orders(run: number) {
      const out: number[][] = []
      for (let k = 0; k < ORDERS; k++) {
        const entries = await loyalty.listLoyaltyEntries({ source_id: orderId(run, k) })
        const sum = (reason: string) => entries.filter((e) => e.reason === reason).reduce((s, e) => s + e.points, 0)
        out.push([sum("order"), sum("reversal")])
      }
      return out
    }

    it("earns a random mix (paid, partial and full refunds, cancels, copies, out of order) in batches exactly as one delivery at a time", async () => {
      await single(1)
      await batched(2)
      const report: any = await runScheduledJob(getContainer(), "kapy-shopify-earn-inbox")
      expect(report.batches.length).toBeGreaterThanOrEqual(1)

      const a = await accounts(1)
      const b = await accounts(2)
      expect(b).toEqual(a)
      expect(await orders(2)).toEqual(await orders(1))
      // the mix moved points both ways
      const byOrder = await orders(1)
      expect(byOrder.some(([earned]) => earned > 0)).toBe(true)
      expect(byOrder.some(([, reversed]) => reversed < 0)).toBe(true)
      expect(byOrder.some(([earned, reversed]) => earned > 0 && earned + reversed === 0)).toBe(true)
      expect((await loyalty.reconcile()).drifts).toEqual([])
      // every delivery is settled, none left for the earner; the outbox is done
      const left = await shopify.listShopifyWebhookDeliveries({ status: ["received", "failed", "dead"] } as any)
      expect(left).toEqual([])
      expect(await shopify.countPendingOutbox()).toBe(0)
    })

    it("a worker killed mid-batch loses nothing and counts nothing twice; a crash after the commit still does the follow-ups", async () => {
      await single(1)
      await batched(2)
      const killed = await earnShopifyInboxBatch(getContainer(), {
        faults: {
          afterWrites: () => {
            throw new Error("worker killed")
          },
        },
      }).catch((e) => e)
      expect(killed.message).toBe("worker killed")
      // the whole batch rolled back: nothing earned, every delivery still due, untried
      expect((await orders(2)).flat().every((p) => p === 0)).toBe(true)
      const due = await shopify.listShopifyWebhookDeliveries({ status: "received" })
      expect(due.length).toBeGreaterThan(ORDERS)
      expect(due.every((d) => d.attempts === 0)).toBe(true)

      // the batch again, committed, then the worker stops before the outbox
      const report = await earnShopifyInboxBatch(getContainer())
      expect(report.claimed).toBe(due.length)
      expect(await shopify.countPendingOutbox()).toBeGreaterThan(0)
      // the next run finds no delivery to earn and does the follow-ups
      const next: any = await runScheduledJob(getContainer(), "kapy-shopify-earn-inbox")
      expect(next.batches).toEqual([])
      expect(next.outbox).toBeGreaterThan(0)
      expect(await shopify.countPendingOutbox()).toBe(0)

      expect(await accounts(2)).toEqual(await accounts(1))
      expect(await orders(2)).toEqual(await orders(1))
      expect((await loyalty.reconcile()).drifts).toEqual([])
    })

    it("a bad delivery fails alone, is retried with backoff, is dead after 8 tries, and the admin sees it and retries it", async () => {
      const line: CountedLine = { id: "13401234567890000001", product_id: "8801234567890123453", price: "25.00", quantity: 4, tax: "4.00" }
      const customer = { id: customerId(3, 0), email: "aino@inbox.test", verified_email: false }
      const good = await post({ topic: "orders/paid", body: countedOrderPayload({ id: orderId(3, 1), customer, lines: [line] }) })
      const bad = await post({ topic: "orders/paid", body: countedOrderPayload({ id: orderId(3, 2), customer, lines: [line] }) })
      const faults = {
        planning: (row: { id: string }) => {
          if (row.id === bad.data.id) {
            throw new Error("this delivery cannot be read")
          }
        },
      }
      const first = await earnShopifyInboxBatch(getContainer(), { faults })
      expect([first.claimed, first.processed, first.failed]).toEqual([2, 1, 1])
      expect((await shopify.retrieveDelivery(good.data.id))!.status).toBe("processed")
      const failed = (await shopify.retrieveDelivery(bad.data.id))!
      expect([failed.status, failed.attempts, failed.note]).toEqual(["failed", 1, "this delivery cannot be read"])
      // not due before its backoff
      expect((await earnShopifyInboxBatch(getContainer(), { faults })).claimed).toBe(0)
      let at = Date.now()
      for (let attempt = 2; attempt <= 8; attempt++) {
        at += 2 * 60 * 60_000
        expect((await earnShopifyInboxBatch(getContainer(), { faults, now: new Date(at) })).failed).toBe(1)
      }
      const dead = (await shopify.retrieveDelivery(bad.data.id))!
      expect([dead.status, dead.attempts]).toEqual(["dead", 8])
      expect((await earnShopifyInboxBatch(getContainer(), { now: new Date(at + 24 * 60 * 60_000) })).claimed).toBe(0)

      const admin = await createAdmin(api, getContainer())
      const listed = await api.get("/admin/loyalty/shopify-webhooks?status=dead", admin.headers)
      expect(listed.data.webhooks).toEqual([expect.objectContaining({ id: bad.data.id, status: "dead", attempts: 8, note: "this delivery cannot be read" })])
      expect(listed.data.webhooks[0].payload).toBeUndefined()
      expect((await failing(api.get("/admin/loyalty/shopify-webhooks?status=processed", admin.headers))).status).toBe(400)
      expect((await failing(api.post(`/admin/loyalty/shopify-webhooks/${good.data.id}/retry`, {}, admin.headers))).status).toBe(404)
      const retried = await api.post(`/admin/loyalty/shopify-webhooks/${bad.data.id}/retry`, {}, admin.headers)
      expect(retried.data.webhook).toEqual({ id: bad.data.id, status: "received" })
      await runScheduledJob(getContainer(), "kapy-shopify-earn-inbox")
      expect((await shopify.retrieveDelivery(bad.data.id))!.status).toBe("processed")
      expect((await orders(3)).slice(1, 3)).toEqual([[100, 0], [100, 0]])
    })
  },
})

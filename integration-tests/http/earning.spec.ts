import { createCollectionsWorkflow } from "@medusajs/core-flows"
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import {
  awardBirthdayPointsWorkflow,
  awardOrderPointsWorkflow,
  awardSignupPointsWorkflow,
  releasePendingPointsWorkflow,
} from "../../src/workflows/earning"
import { createStep, createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { earnPointsStep } from "../../src/workflows/earning/steps/earn-points"
import { prepareOrderEarningStep } from "../../src/workflows/earning/steps/prepare-order-earning"
import { orderEarnInput } from "../../src/workflows/earning/workflows/award-order-points"
import { completeCart, createCart, seedShop, Shop } from "../fixtures/shop"
import {
  afterSubscribers,
  capturePayment,
  createAdmin,
  entriesOf,
  eventually,
  failing,
  recordLoyaltyEvents,
  registerCustomer,
} from "../helpers"
import { runScheduledJob } from "../jobs"

jest.setTimeout(180_000)

/**
 * An order's earning followed by a step that fails: Medusa runs the earn
 * step's compensation, as it would after any later failure of a workflow.
 */
const failAfterEarning = createStep("kapy-test-fail-after-earning", async () => {
  throw new Error("a later step failed")
})
const earnThenFailWorkflow = createWorkflow("kapy-test-earn-then-fail", (input: { order_id: string; customer_id: string }) => {
  const { earning } = prepareOrderEarningStep(input)
  earnPointsStep(transform({ earning }, ({ earning }) => orderEarnInput(earning!)))
  failAfterEarning()
  return new WorkflowResponse(earning)
})

const DAY = 86_400_000

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: Shop
    let loyalty: LoyaltyModuleService
    let emitted: { name: string; data: any }[]

    beforeEach(async () => {
      const container = getContainer()
      loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      const drinks = await createCollectionsWorkflow(container).run({
        input: { collections: [{ title: "Drinks", handle: "drinks" }] },
      })
      shop = await seedShop(container, [
        { handle: "oat-drink", title: "Organic oat drink", price: 49.9, collection_id: drinks.result[0].id },
        { handle: "coffee", title: "Fair trade coffee", price: 12 },
      ])
      emitted = recordLoyaltyEvents(container)
    })

    afterEach(() => jest.restoreAllMocks())

    const orderEntries = (orderId: string) =>
      loyalty.listLoyaltyEntries({ source_id: orderId }, { order: { created_at: "ASC" } })
    const earnedFor = async (orderId: string) =>
      (await eventually(() => orderEntries(orderId), (e) => e.some((x) => x.reason === "order"))).find(
        (e) => e.reason === "order"
      )

    async function placeOrder(
      customer: { headers: any },
      items: { variant: string; quantity: number }[],
      beforeComplete?: (cartId: string) => Promise<void>
    ) {
      const cartId = await createCart(api, shop, customer.headers, items)
      await beforeComplete?.(cartId)
      const result = await completeCart(api, cartId, customer.headers)
      expect(result.type).toBe("order")
      return result.order
    }

    describe("purchases", () => {
      it("earns 49 pending cones for a 49.90 EUR order with 5.90 shipping, once however often the order is announced", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        const order = await placeOrder(aino, [{ variant: "oat-drink", quantity: 1 }])
        expect(order.total).toBe(55.8)

        const entry = await earnedFor(order.id)
        expect(entry).toEqual(
          expect.objectContaining({
            points: 49,
            pending_delta: 49,
            available_delta: 0,
            source_type: "order",
            currency_code: "eur",
            sales_channel_id: shop.salesChannelId,
          })
        )
        expect(entry!.metadata).toEqual(expect.objectContaining({ base_amount: "49.9" }))

        // the event delivered again, and the workflow run again
        await afterSubscribers(getContainer(), "order.placed", () =>
          getContainer().resolve(Modules.EVENT_BUS).emit({ name: "order.placed", data: { id: order.id } })
        )
        await awardOrderPointsWorkflow(getContainer()).run({ input: { order_id: order.id } })
        expect((await orderEntries(order.id)).filter((e) => e.reason === "order")).toHaveLength(1)
        expect(emitted.filter((e) => e.name === "loyalty.points_earned" && e.data.source_id === order.id)).toHaveLength(1)

        const { data } = await api.get("/store/loyalty/me", aino.headers)
        expect(data.account).toEqual(
          expect.objectContaining({ points_pending: 49, points_balance: 50 /* signup bonus */ })
        )
      })

      it("does not count the part paid with cones: 15 EUR of it earns 34", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await loyalty.earnPoints({
          customer_id: aino.id, points: 1500, reason: "import", idempotency_key: "gift", actor_type: "system",
        })
        const order = await placeOrder(aino, [{ variant: "oat-drink", quantity: 1 }], async (cartId) => {
          await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)
        })
        expect(order.total).toBe(40.8)
        expect((await earnedFor(order.id))!.points).toBe(34)
      })

      it("counts net of tax when the program says so: 39 at 25.5 % VAT", async () => {
        await loyalty.updateProgramSettings({ earning: { net_of_tax: true } })
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        const order = await placeOrder(aino, [{ variant: "oat-drink", quantity: 1 }])
        expect((await earnedFor(order.id))!.points).toBe(39)
      })

      it("doubles under a double-cones campaign on the product's collection, and not outside it", async () => {
        const admin = await createAdmin(api, getContainer())
        const [collection] = await getContainer()
          .resolve(Modules.PRODUCT)
          .listProductCollections({ handle: "drinks" })
        const created = await api.post(
          "/admin/loyalty/campaigns",
          {
            name: "Double cones on drinks",
            multiplier: 2,
            scope: "collection",
            target_ids: [collection.id],
            starts_at: new Date(Date.now() - DAY).toISOString(),
            ends_at: new Date(Date.now() + DAY).toISOString(),
          },
          admin.headers
        )
        expect(created.status).toBe(201)

        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        const order = await placeOrder(aino, [
          { variant: "oat-drink", quantity: 1 },
          { variant: "coffee", quantity: 1 },
        ])
        // 49.90 × 2 + 12.00 = 111.80: multipliers apply to the exact amount, rounded down once
        const entry = await earnedFor(order.id)
        expect(entry!.points).toBe(111)
        expect(entry!.metadata).toEqual(
          expect.objectContaining({ campaign_ids: [created.data.campaign.id] })
        )

        const preview = await api.get(
          `/store/loyalty/preview?variant_id=${shop.variants["oat-drink"]}&quantity=2&region_id=${shop.regionId}`,
          { headers: { "x-publishable-api-key": shop.publishableKey } }
        )
        expect(preview.data.preview).toEqual(
          expect.objectContaining({ points: 199, amount: "99.8", currency_code: "eur" })
        )
      })

      it("refuses a campaign without targets or with its end before its start", async () => {
        const admin = await createAdmin(api, getContainer())
        const noTargets = await failing(
          api.post(
            "/admin/loyalty/campaigns",
            { name: "x", multiplier: 2, scope: "collection", starts_at: "2026-12-01" },
            admin.headers
          )
        )
        expect(noTargets.status).toBe(400)
        expect(noTargets.data.message).toMatch(/target_ids/)
        const backwards = await failing(
          api.post(
            "/admin/loyalty/campaigns",
            { name: "x", multiplier: 2, scope: "catalog", starts_at: "2026-12-01", ends_at: "2026-11-01" },
            admin.headers
          )
        )
        expect(backwards.status).toBe(400)
        expect(backwards.data.message).toMatch(/ends_at must be after starts_at/)
        expect(await loyalty.listLoyaltyCampaigns({})).toHaveLength(0)
      })

      it("previews a purchase at the base rate without a login", async () => {
        const { data } = await api.get(
          `/store/loyalty/preview?variant_id=${shop.variants["coffee"]}&region_id=${shop.regionId}`,
          { headers: { "x-publishable-api-key": shop.publishableKey } }
        )
        expect(data.preview).toEqual(expect.objectContaining({ points: 12, quantity: 1, multiplier: "1" }))
      })
    })

    describe("pending period", () => {
      it("keeps order cones pending until the release job runs after the period", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        const order = await placeOrder(aino, [{ variant: "oat-drink", quantity: 1 }])
        await earnedFor(order.id)

        const early = await releasePendingPointsWorkflow(getContainer()).run({
          input: { now: new Date(Date.now() + 13 * DAY) },
        })
        expect(early.result).toHaveLength(0)

        const later = new Date(Date.now() + 15 * DAY)
        // the job as Medusa's scheduler runs it, on two ticks at once: the lot is released once
        const [first, second] = await Promise.all([
          runScheduledJob<unknown[]>(getContainer(), "kapy-release-pending-points", later),
          runScheduledJob<unknown[]>(getContainer(), "kapy-release-pending-points", later),
        ])
        expect(first.length + second.length).toBe(1)

        const { data } = await api.get("/store/loyalty/me", aino.headers)
        expect(data.account).toEqual(expect.objectContaining({ points_pending: 0, points_balance: 99 }))
        expect(emitted.filter((e) => e.name === "loyalty.points_released")).toEqual([
          { name: "loyalty.points_released", data: expect.objectContaining({ points: 49, source_id: order.id }) },
        ])
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })
    })

    describe("reversals", () => {
      let adminHeaders: any

      beforeEach(async () => {
        adminHeaders = (await createAdmin(api, getContainer())).headers
      })

      it("takes back all earned cones when the order is cancelled", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        const order = await placeOrder(aino, [{ variant: "oat-drink", quantity: 1 }])
        await earnedFor(order.id)
        await api.post(`/admin/orders/${order.id}/cancel`, {}, adminHeaders)

        const entries = await eventually(
          () => orderEntries(order.id),
          (e) => e.some((x) => x.reason === "reversal")
        )
        expect(entries.filter((e) => e.reason === "reversal").map((e) => e.points)).toEqual([-49])
        const { data } = await api.get("/store/loyalty/me", aino.headers)
        expect(data.account).toEqual(expect.objectContaining({ points_pending: 0, points_balance: 50 }))
        expect(emitted.filter((e) => e.name === "loyalty.points_reversed").map((e) => e.data.points)).toEqual([-49])
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })

      it("takes back two thirds when 2 of 3 items are refunded, and exactly all after refunds of everything", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        const order = await placeOrder(aino, [{ variant: "coffee", quantity: 3 }])
        expect((await earnedFor(order.id))!.points).toBe(36)
        const payment = await capturePayment(api, order.id, adminHeaders)

        const reversed = async () =>
          -(await orderEntries(order.id))
            .filter((e) => e.reason === "reversal")
            .reduce((sum, e) => sum + e.points, 0)

        // 24 of 36 EUR, then the rest in three more refunds, shipping included: never more than the 36 earned
        for (const [amount, expected] of [[24, 24], [5, 29], [7, 36], [5.9, 36]] as const) {
          await afterSubscribers(getContainer(), "payment.refunded", () =>
            api.post(`/admin/payments/${payment.id}/refund`, { amount }, adminHeaders)
          )
          expect(await reversed()).toBe(expected)
        }
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })
    })

    describe("signup and birthday", () => {
      it("gives the signup bonus once, to registered customers only", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        const signup = await eventually(
          () => entriesOf(loyalty, aino.id, { reason: "signup" }),
          (e) => e.length > 0
        )
        expect(signup.map((e) => e.points)).toEqual([50])
        await awardSignupPointsWorkflow(getContainer()).run({ input: { customer_id: aino.id } })
        expect(await entriesOf(loyalty, aino.id, { reason: "signup" })).toHaveLength(1)

        const guest = await getContainer()
          .resolve(Modules.CUSTOMER)
          .createCustomers({ email: "guest@example.com", has_account: false })
        await awardSignupPointsWorkflow(getContainer()).run({ input: { customer_id: guest.id } })
        expect(await entriesOf(loyalty, guest.id)).toHaveLength(0)
      })

      it("gives the birthday bonus once a year even if the job runs twice; the member sets the date once", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        const set = await api.post("/store/loyalty/me", { birthday: "1990-11-23" }, aino.headers)
        expect(set.data.account.birthday).toBe("1990-11-23")
        const change = await failing(api.post("/store/loyalty/me", { birthday: "1990-12-24" }, aino.headers))
        expect(change.status).toBe(409)
        expect(change.data.message).toMatch(/already set to 1990-11-23/)
        const bad = await failing(api.post("/store/loyalty/me", { birthday: "1990-02-30" }, aino.headers))
        expect(bad.status).toBe(400)

        // the job as Medusa's scheduler runs it, twice on the morning of the birthday
        const runs: number[] = []
        for (let run = 0; run < 2; run++) {
          runs.push(await runScheduledJob<number>(getContainer(), "kapy-award-birthday-points", new Date("2026-11-23T06:00:00Z")))
        }
        expect(runs).toEqual([1, 0])
        await awardBirthdayPointsWorkflow(getContainer()).run({ input: { date: "2026-11-24T06:00:00Z" } })
        const birthday = await entriesOf(loyalty, aino.id, { reason: "birthday" })
        expect(birthday.map((e) => e.points)).toEqual([100])

        // an admin may move it, but that year's bonus is not paid again
        const admin = await createAdmin(api, getContainer())
        await api.post(`/admin/loyalty/accounts/${aino.id}`, { birthday: "1990-12-24" }, admin.headers)
        await awardBirthdayPointsWorkflow(getContainer()).run({ input: { date: "2026-12-24T06:00:00Z" } })
        await awardBirthdayPointsWorkflow(getContainer()).run({ input: { date: "2027-12-24T06:00:00Z" } })
        expect(
          (await entriesOf(loyalty, aino.id, { reason: "birthday" })).map((e) => e.source_id)
        ).toEqual(["2026", "2027"])
      })
    })

    describe("retries after a rollback", () => {
      it("earns on the retry after a workflow that earned was rolled back, once", async () => {
        const guest = { headers: { headers: { "x-publishable-api-key": shop.publishableKey } } }
        const cartId = await createCart(api, shop, guest.headers, [{ variant: "oat-drink", quantity: 1 }])
        await api.post(`/store/carts/${cartId}`, { email: "sofia@example.com" }, guest.headers)
        const { order } = await afterSubscribers(getContainer(), "order.placed", () => completeCart(api, cartId, guest.headers))
        const sofia = await registerCustomer(api, shop.publishableKey, "sofia@example.com")

        // the first run earns the order's 49 cones, then fails: its compensation undoes them
        const { errors } = await earnThenFailWorkflow(getContainer()).run({
          input: { order_id: order.id, customer_id: sofia.id },
          throwOnError: false,
        })
        expect(errors.map((e: any) => e.error?.message)).toEqual(["a later step failed"])
        const undone = await orderEntries(order.id)
        expect(undone.map((e) => [e.reason, e.points])).toEqual([["order", 49], ["reversal", -49]])
        expect(undone[1].voids_entry_id).toBe(undone[0].id)

        // the retry with the same key (the order's) earns them, once however often it is asked
        const claim = await api.post("/store/loyalty/me/claim-guest-orders", {}, sofia.headers)
        expect(claim.data.claimed).toEqual([{ order_id: order.id, points: 49 }])
        expect(claim.data.account.points_pending).toBe(49)
        const again = await api.post("/store/loyalty/me/claim-guest-orders", {}, sofia.headers)
        expect(again.data.claimed).toEqual([])
        expect(again.data.account.points_pending).toBe(49)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })
    })

    describe("guest orders", () => {
      it("earns nothing as a guest, but the same email can claim it after registering, once", async () => {
        const guest = { headers: { headers: { "x-publishable-api-key": shop.publishableKey } } }
        const cartId = await createCart(api, shop, guest.headers, [{ variant: "oat-drink", quantity: 1 }])
        await api.post(`/store/carts/${cartId}`, { email: "sofia@example.com" }, guest.headers)
        const result = await afterSubscribers(getContainer(), "order.placed", () =>
          completeCart(api, cartId, guest.headers)
        )
        expect(result.type).toBe("order")
        expect(await orderEntries(result.order.id)).toHaveLength(0)

        const sofia = await registerCustomer(api, shop.publishableKey, "sofia@example.com")
        const claim = await api.post("/store/loyalty/me/claim-guest-orders", {}, sofia.headers)
        expect(claim.data.claimed).toEqual([{ order_id: result.order.id, points: 49 }])
        expect(claim.data.account.points_pending).toBe(49)
        const again = await api.post("/store/loyalty/me/claim-guest-orders", {}, sofia.headers)
        expect(again.data.claimed).toEqual([])
        expect(again.data.account.points_pending).toBe(49)

        const other = await registerCustomer(api, shop.publishableKey, "eero@example.com")
        const none = await api.post("/store/loyalty/me/claim-guest-orders", {}, other.headers)
        expect(none.data.claimed).toEqual([])
      })
    })
  },
})

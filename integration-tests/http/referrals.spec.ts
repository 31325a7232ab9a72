import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { releasePendingPointsWorkflow } from "../../src/workflows/earning"
import { completeCart, createCart, seedShop, Shop } from "../fixtures/shop"
import { afterSubscribers, createAdmin, entriesOf, failing, Headers, recordLoyaltyEvents, registerCustomer } from "../helpers"

jest.setTimeout(240_000)

const DAY = 86_400_000

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: Shop
    let loyalty: LoyaltyModuleService
    let emitted: { name: string; data: any }[]
    let admin: Headers

    beforeEach(async () => {
      const container = getContainer()
      loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      shop = await seedShop(container, [
        { handle: "shoes", title: "Felt slippers", price: 40 },
        { handle: "coffee", title: "Fair trade coffee", price: 12 },
      ])
      admin = (await createAdmin(api, container)).headers
      emitted = recordLoyaltyEvents(container)
    })

    afterEach(() => jest.restoreAllMocks())

    const store = () => ({ headers: { "x-publishable-api-key": shop.publishableKey } })
    const register = (email: string) => registerCustomer(api, shop.publishableKey, email)
    const codeOf = async (customer: { headers: Headers }) =>
      (await api.get("/store/loyalty/me", customer.headers)).data.account.referral_code as string
    const apply = (customer: { headers: Headers }, code: string) =>
      api.post("/store/loyalty/referrals/apply", { code }, customer.headers)
    const release = (days: number) =>
      releasePendingPointsWorkflow(getContainer()).run({ input: { now: new Date(Date.now() + days * DAY) } })
    const referralEntries = async (customerId: string) =>
      (await entriesOf(loyalty, customerId)).filter((e: any) => e.reason === "referral")

    /** Adds a promotion code to a cart; returns the cart as it then stands (a code that does not apply is not on it). */
    async function addCode(cartId: string, customer: { headers: Headers }, code: string) {
      try {
        await api.post(`/store/carts/${cartId}/promotions`, { promo_codes: [code] }, customer.headers)
      } catch (error: any) {
        if (!error.response) {
          throw error
        }
      }
      return (await api.get(`/store/carts/${cartId}?fields=*promotions,discount_total,total`, customer.headers)).data.cart
    }

    async function placeOrder(
      customer: { headers: Headers },
      items: { variant: string; quantity: number }[],
      before?: (cartId: string) => Promise<void>
    ) {
      const cartId = await createCart(api, shop, customer.headers, items)
      await before?.(cartId)
      const result = await afterSubscribers(getContainer(), "order.placed", () => completeCart(api, cartId, customer.headers))
      expect(result.type).toBe("order")
      return result.order
    }

    it("A shares; B applies A's code, pays 5 EUR less on a 40 EUR order, and A gets 500 cones once the pending period passes — once, however often the release runs, and not again for B's second order", async () => {
      const anna = await register("anna@example.com")
      const code = await codeOf(anna)

      // anyone may look a code up, in any case; nothing personal beyond a first name
      const lookup = await api.get(`/store/loyalty/referrals/${code.toLowerCase()}`, store())
      expect(lookup.data.referral).toEqual({
        code,
        valid: true,
        referrer: { first_name: "anna" },
        friend_reward: { type: "promotion", amount: 5, currency_code: "eur", min_order: 30 },
      })
      expect((await failing(api.get("/store/loyalty/referrals/K0K0K0K0", store()))).status).toBe(400)
      expect((await failing(api.get("/store/loyalty/referrals/ZZZZZZZZ", store()))).status).toBe(404)
      expect((await failing(api.post("/store/loyalty/referrals/apply", { code }, store()))).status).toBe(401)

      const bertta = await register("bertta@example.com")
      const applied = await apply(bertta, code.toLowerCase())
      expect(applied.data.referral).toEqual(
        expect.objectContaining({
          code,
          status: "pending",
          reward: { type: "promotion", code: expect.stringMatching(/^KAPY-[A-Z2-9]{10}$/), amount: 5, currency_code: "eur", min_order: 30 },
        })
      )
      const promoCode = applied.data.referral.reward.code
      // the same code again changes nothing
      expect((await apply(bertta, code)).data.referral.reward.code).toBe(promoCode)

      const order = await placeOrder(bertta, [{ variant: "shoes", quantity: 1 }], async (cartId) => {
        const cart = await addCode(cartId, bertta, promoCode)
        expect(cart.promotions.map((p: any) => p.code)).toEqual([promoCode])
        expect(cart.discount_total).toBe(5)
      })
      expect(order.total).toBe(40.9) // 40 − 5 + 5.90 shipping

      expect(await referralEntries(anna.id)).toHaveLength(0)
      await release(13)
      expect(await referralEntries(anna.id)).toHaveLength(0)
      await Promise.all([release(15), release(15)])
      await release(16)
      const rewarded = await referralEntries(anna.id)
      expect(rewarded.map((e: any) => [e.points, e.pending_delta])).toEqual([[500, 0]])
      expect(emitted.filter((e) => e.name === "loyalty.referral_completed")).toEqual([
        {
          name: "loyalty.referral_completed",
          data: expect.objectContaining({ referrer_customer_id: anna.id, order_id: order.id, points: 500 }),
        },
      ])

      // B's second order earns A nothing more
      await placeOrder(bertta, [{ variant: "shoes", quantity: 2 }])
      await release(40)
      expect(await referralEntries(anna.id)).toHaveLength(1)

      const annaMe = (await api.get("/store/loyalty/me", anna.headers)).data
      expect(annaMe.referrals).toEqual({ as_friend: null, as_referrer: { count: 1, pending: 0, completed: 1, points_earned: 500 } })
      const berttaMe = (await api.get("/store/loyalty/me", bertta.headers)).data
      expect(berttaMe.referrals.as_friend).toEqual(expect.objectContaining({ code, status: "completed" }))
      expect((await loyalty.reconcile()).drifts).toEqual([])
    })

    it("the promotion code works for no other customer, not below 30 EUR, and not twice", async () => {
      const anna = await register("anna@example.com")
      const bertta = await register("bertta@example.com")
      const cecilia = await register("cecilia@example.com")
      const promoCode = (await apply(bertta, await codeOf(anna))).data.referral.reward.code

      const theirs = await createCart(api, shop, cecilia.headers, [{ variant: "shoes", quantity: 1 }])
      const other = await addCode(theirs, cecilia, promoCode)
      expect(other.promotions).toEqual([])
      expect(other.discount_total).toBe(0)

      const small = await createCart(api, shop, bertta.headers, [{ variant: "coffee", quantity: 2 }])
      expect((await addCode(small, bertta, promoCode)).promotions).toEqual([])

      await placeOrder(bertta, [{ variant: "shoes", quantity: 1 }], async (cartId) => {
        expect((await addCode(cartId, bertta, promoCode)).discount_total).toBe(5)
      })
      const again = await createCart(api, shop, bertta.headers, [{ variant: "shoes", quantity: 1 }])
      const twice = await addCode(again, bertta, promoCode)
      expect(twice.promotions).toEqual([])
      expect(twice.discount_total).toBe(0)
    })

    it("B's first order cancelled before its pending period ends: A gets nothing, and the referral is void", async () => {
      const anna = await register("anna@example.com")
      const bertta = await register("bertta@example.com")
      await apply(bertta, await codeOf(anna))
      const order = await placeOrder(bertta, [{ variant: "shoes", quantity: 1 }])

      await afterSubscribers(getContainer(), "order.canceled", () => api.post(`/admin/orders/${order.id}/cancel`, {}, admin))
      await release(15)
      expect(await referralEntries(anna.id)).toHaveLength(0)

      const { data } = await api.get("/admin/loyalty/referrals?status=void", admin)
      expect(data.count).toBe(1)
      expect(data.referrals[0]).toEqual(
        expect.objectContaining({
          status: "void",
          reason: "order_canceled",
          order_id: order.id,
          referrer: expect.objectContaining({ email: "anna@example.com" }),
          friend: expect.objectContaining({ email: "bertta@example.com" }),
        })
      )
      expect((await api.get("/store/loyalty/me", bertta.headers)).data.referrals.as_friend.status).toBe("not_eligible")
    })

    it("rejects a self-referral by the same Gmail mailbox written differently, tells the friend nothing of why, refuses a second code, and lets an admin overrule it", async () => {
      const anna = await register("asmith@gmail.com")
      const again = await register("A.Smith+x@GMail.com")
      const dora = await register("dora@example.com")

      const { data } = await apply(again, await codeOf(anna))
      expect(data.referral).toEqual(expect.objectContaining({ status: "not_eligible", reward: null }))
      expect(JSON.stringify(data)).not.toMatch(/email|same/)

      const conflict = await failing(apply(again, await codeOf(dora)))
      expect(conflict.status).toBe(409)

      const rejected = (await api.get("/admin/loyalty/referrals?status=rejected", admin)).data
      expect(rejected.referrals.map((r: any) => r.reason)).toEqual(["same_email"])
      expect((await api.get("/admin/loyalty/referrals?reason=same_email&q=asmith", admin)).data.count).toBe(1)
      expect((await api.get(`/admin/loyalty/referrals?referrer=${await codeOf(dora)}`, admin)).data.count).toBe(0)

      expect((await failing(api.post(`/admin/loyalty/referrals/${rejected.referrals[0].id}/approve`, {}, admin))).status).toBe(400)
      const approved = await api.post(
        `/admin/loyalty/referrals/${rejected.referrals[0].id}/approve`,
        { note: "Two people sharing a Gmail alias, checked by phone" },
        admin
      )
      expect(approved.data.referral).toEqual(
        expect.objectContaining({
          status: "pending",
          reason: null,
          overruled_reason: "same_email",
          friend_reward: expect.objectContaining({ type: "promotion", code: expect.stringMatching(/^KAPY-/) }),
        })
      )
      expect(
        (await failing(api.post(`/admin/loyalty/referrals/${rejected.referrals[0].id}/approve`, { note: "again" }, admin))).status
      ).toBe(409)

      const { data: stats } = await api.get("/admin/loyalty/referrals/stats", admin)
      expect(stats.stats).toEqual(
        expect.objectContaining({
          total: 1,
          by_status: { pending: 1, completed: 0, rejected: 0, void: 0 },
          conversion: 0,
          top_referrers: [expect.objectContaining({ referrals: 1, pending: 1, customer: expect.objectContaining({ email: "asmith@gmail.com" }) })],
        })
      )
    })

    it("rejects the friend's first order shipping to the referrer's address written differently, and a code applied by a customer who already ordered is a 409", async () => {
      const anna = await register("anna@example.com")
      await placeOrder(anna, [{ variant: "coffee", quantity: 1 }]) // ships to Aleksanterinkatu 5, 00100 Helsinki
      const bertta = await register("bertta@example.com")
      expect((await apply(bertta, await codeOf(anna))).data.referral.status).toBe("pending")

      await placeOrder(bertta, [{ variant: "shoes", quantity: 1 }], async (cartId) => {
        await api.post(
          `/store/carts/${cartId}`,
          {
            shipping_address: {
              first_name: "Bertta",
              last_name: "B",
              address_1: "ALEKSANTERINK.  5",
              city: "helsinki",
              postal_code: "00 100",
              country_code: "fi",
            },
          },
          bertta.headers
        )
      })
      const { data } = await api.get("/admin/loyalty/referrals?reason=same_address", admin)
      expect(data.referrals).toEqual([expect.objectContaining({ status: "rejected", reason: "same_address" })])
      await release(15)
      expect(await referralEntries(anna.id)).toHaveLength(0)

      // Anna has an order: too late to be referred
      const late = await failing(apply(anna, await codeOf(bertta)))
      expect(late.status).toBe(409)
      expect((await api.get("/admin/loyalty/referrals?reason=friend_has_orders", admin)).data.count).toBe(1)
    })
  },
})

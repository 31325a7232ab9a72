import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { completeCart, createCart, seedShop, Shop } from "../fixtures/shop"
import { afterSubscribers, createAdmin, failing, Headers, recordLoyaltyEvents, registerCustomer } from "../helpers"

jest.setTimeout(400_000)

medusaIntegrationTestRunner({
  dbName: "kapy-http-stamp-cards",
  testSuite: ({ api, getContainer, dbConnection }) => {
    let shop: Shop
    let admin: Headers
    let emitted: { name: string; data: any }[]

    beforeEach(async () => {
      const container = getContainer()
      shop = await seedShop(container, [
        { handle: "coffee", title: "Fair trade coffee", price: 12 },
        { handle: "mug", title: "Mug", price: 4 },
      ])
      admin = (await createAdmin(api, container)).headers
      emitted = recordLoyaltyEvents(container)
    })

    afterEach(() => jest.restoreAllMocks())

    async function order(customer: { headers: Headers }, variant = "coffee") {
      const cartId = await createCart(api, shop, customer.headers, [{ variant, quantity: 1 }])
      const { order } = await afterSubscribers(getContainer(), "order.placed", () => completeCart(api, cartId, customer.headers))
      return order
    }
    const me = async (customer: { headers: Headers }) => (await api.get("/store/loyalty/me", customer.headers)).data.account

    it("an admin defines a card; bad input names the field and changes nothing", async () => {
      const bad = await failing(api.post("/admin/loyalty/stamp-cards", { name: "Coffee", stamps_needed: 1, trigger: { kind: "order" }, reward: { type: "amount_off", amount: 5, currency_code: "eur" } }, admin))
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/stamps_needed/)
      const noTarget = await failing(api.post("/admin/loyalty/stamp-cards", { name: "Coffee", stamps_needed: 5, trigger: { kind: "product" }, reward: { type: "amount_off", amount: 5, currency_code: "eur" } }, admin))
      expect(noTarget.status).toBe(400)
      expect(noTarget.data.message).toMatch(/trigger/)
      expect((await api.get("/admin/loyalty/stamp-cards", admin)).data.stamp_cards).toEqual([])
    })

    it("fills on the 10th qualifying order and issues exactly one reward, also when order.placed is delivered twice; a cancelled order takes its stamp back", async () => {
      const created = await api.post(
        "/admin/loyalty/stamp-cards",
        { name: "Tenth coffee", stamps_needed: 10, trigger: { kind: "order" }, min_amount: { eur: 10 }, reward: { type: "amount_off", amount: 5, currency_code: "eur" } },
        admin
      )
      expect(created.status).toBe(201)
      const aino = await registerCustomer(api, shop.publishableKey, "aino.stamps@kapy.test")

      // below the minimum: no stamp
      await order(aino, "mug")
      expect((await me(aino)).stamp_cards).toEqual([expect.objectContaining({ name: "Tenth coffee", stamps: 0, stamps_needed: 10, rewards: [] })])

      const orders: any[] = []
      for (let i = 0; i < 9; i++) {
        orders.push(await order(aino))
      }
      expect((await me(aino)).stamp_cards[0]).toEqual(expect.objectContaining({ stamps: 9, rewards: [] }))
      expect(emitted.filter((e) => e.name === "loyalty.stamp_card_completed")).toHaveLength(0)

      const tenth = await order(aino)
      // the same event again: no second stamp, no second reward
      await afterSubscribers(getContainer(), "order.placed", () =>
        getContainer().resolve(Modules.EVENT_BUS).emit({ name: "order.placed", data: { id: tenth.id } })
      )
      const card = (await me(aino)).stamp_cards[0]
      expect(card.stamps).toBe(0)
      expect(card.rewards).toEqual([{ code: expect.stringMatching(/^STAMP-/), filled_at: expect.any(String) }])
      const completions = await dbConnection.raw(`SELECT count(*)::int AS n FROM kapy_stamp_completion`)
      expect(completions.rows[0].n).toBe(1)
      const [promotion] = await getContainer().resolve(Modules.PROMOTION).listPromotions({ code: card.rewards[0].code }, { relations: ["application_method", "campaign", "campaign.budget", "rules"] })
      expect(promotion.application_method).toEqual(expect.objectContaining({ type: "fixed", value: 5, currency_code: "eur" }))
      expect(promotion.campaign!.budget).toEqual(expect.objectContaining({ type: "usage", limit: 1 }))
      expect(emitted.filter((e) => e.name === "loyalty.stamp_card_completed")).toEqual([
        { name: "loyalty.stamp_card_completed", data: expect.objectContaining({ customer_id: aino.id, order_id: tenth.id, reward_code: card.rewards[0].code }) },
      ])

      // the shopper's data export lists the stamps and the reward
      const exported = (await api.get("/store/loyalty/me/export", aino.headers)).data
      expect(exported.stamps).toHaveLength(10)
      expect(exported.stamp_rewards).toEqual([expect.objectContaining({ order_id: tenth.id, code: card.rewards[0].code })])

      // a stamp taken back after the card filled is owed: the next order pays it
      await afterSubscribers(getContainer(), "order.canceled", () => api.post(`/admin/orders/${orders[0].id}/cancel`, {}, admin))
      expect((await me(aino)).stamp_cards[0].stamps).toBe(0)
      await order(aino)
      expect((await me(aino)).stamp_cards[0].stamps).toBe(0)
      await order(aino)
      expect((await me(aino)).stamp_cards[0].stamps).toBe(1)
      // cancelling it takes its stamp back, once
      const last: any = (await api.get("/store/orders?order=-created_at&limit=1", aino.headers)).data.orders[0]
      await afterSubscribers(getContainer(), "order.canceled", () => api.post(`/admin/orders/${last.id}/cancel`, {}, admin))
      await afterSubscribers(getContainer(), "order.canceled", () =>
        getContainer().resolve(Modules.EVENT_BUS).emit({ name: "order.canceled", data: { id: last.id } })
      )
      expect((await me(aino)).stamp_cards[0].stamps).toBe(0)
      expect((await dbConnection.raw(`SELECT count(*)::int AS n FROM kapy_stamp WHERE kind = 'reversal'`)).rows[0].n).toBe(2)
      expect((await dbConnection.raw(`SELECT count(*)::int AS n FROM kapy_stamp_completion`)).rows[0].n).toBe(1)
    })

    it("a card filled by an order whose reward could not be made is rewarded once with the member's next order", async () => {
      await api.post(
        "/admin/loyalty/stamp-cards",
        { name: "Second coffee", stamps_needed: 2, trigger: { kind: "order" }, reward: { type: "amount_off", amount: 3, currency_code: "eur" } },
        admin
      )
      const eero = await registerCustomer(api, shop.publishableKey, "eero.stamps@kapy.test")
      await order(eero)
      // the promotion store refuses the reward of the order that fills the card
      const promotions = getContainer().resolve(Modules.PROMOTION)
      const refused = jest.spyOn(promotions, "createPromotions").mockRejectedValueOnce(new Error("promotion store unavailable"))
      const filling = await order(eero)
      expect(refused).toHaveBeenCalledTimes(1)
      const owed = await dbConnection.raw(`SELECT order_id, promotion_id FROM kapy_stamp_completion`)
      expect(owed.rows).toEqual([{ order_id: filling.id, promotion_id: null }])
      // the member sees the card filled, its code still to come
      expect((await me(eero)).stamp_cards[0]).toEqual(expect.objectContaining({ stamps: 0, rewards: [{ code: null, filled_at: expect.any(String) }] }))
      expect(emitted.filter((e) => e.name === "loyalty.stamp_card_completed")).toHaveLength(0)

      // the next order stamps the card again and makes the owed reward, once
      await order(eero)
      const card = (await me(eero)).stamp_cards[0]
      expect(card).toEqual(expect.objectContaining({ stamps: 1, rewards: [{ code: expect.stringMatching(/^STAMP-/), filled_at: expect.any(String) }] }))
      const [promotion] = await promotions.listPromotions({ code: card.rewards[0].code }, { relations: ["application_method", "rules", "rules.values"] })
      expect(promotion.application_method).toEqual(expect.objectContaining({ type: "fixed", value: 3, currency_code: "eur" }))
      expect(promotion.rules!.map((r: any) => [r.attribute, r.values.map((v: any) => v.value)])).toEqual([["customer.id", [eero.id]]])
      expect(emitted.filter((e) => e.name === "loyalty.stamp_card_completed")).toEqual([
        { name: "loyalty.stamp_card_completed", data: expect.objectContaining({ customer_id: eero.id, order_id: filling.id, reward_code: card.rewards[0].code }) },
      ])
      // and the card's next fill is rewarded by itself: two rewards in all, none owed, none twice
      const next = await order(eero)
      const rewards = (await me(eero)).stamp_cards[0].rewards
      expect(new Set(rewards.map((r: any) => r.code)).size).toBe(2)
      expect((await dbConnection.raw(`SELECT count(*)::int AS n FROM kapy_stamp_completion WHERE promotion_id IS NULL`)).rows[0].n).toBe(0)
      expect(emitted.filter((e) => e.name === "loyalty.stamp_card_completed").map((e) => e.data.order_id)).toEqual([filling.id, next.id])
    })
  },
})

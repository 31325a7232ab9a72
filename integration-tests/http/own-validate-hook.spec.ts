import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { cartsValidatedByShop } from "../fixtures/own-validate-hook"
import { completeCart, createCart, seedShop, Shop } from "../fixtures/shop"
import { createAdmin, registerCustomer } from "../helpers"

jest.setTimeout(240_000)

// Read by medusa-config.ts, which the runner loads before it applies its
// own `env` option: set here, before the app boots, and unset afterwards.
process.env.KAPY_TEST_OWN_VALIDATE_HOOK = "true"
afterAll(() => {
  delete process.env.KAPY_TEST_OWN_VALIDATE_HOOK
})

/**
 * A shop with its own completeCartWorkflow validate handler: Kapy's is
 * switched off by the plugin option, and the shop's handler calls Kapy's
 * exported redemption (integration-tests/fixtures/own-validate-hook.ts).
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: Shop
    let admin: { headers: Record<string, string> }

    beforeEach(async () => {
      const container = getContainer()
      shop = await seedShop(container)
      admin = (await createAdmin(api, container)).headers
      // balances in these tests are exactly what each test gives
      await api.post("/admin/loyalty/program", { earning: { signup_points: 0 } }, admin)
    })

    const shopper = async (points: number) => {
      const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
      await api.post(
        `/admin/loyalty/accounts/${aino.id}/adjustments`,
        { points, reason: "welcome gift" },
        admin
      )
      return aino
    }
    const balance = async (headers: any) =>
      (await api.get("/store/loyalty/me", headers)).data.account.points_balance
    const redemptions = async (headers: any) =>
      (await api.get("/store/loyalty/me/transactions", headers)).data.transactions
        .filter((t: any) => t.reason === "redemption")
        .map((t: any) => t.points)

    it("pays with cones at checkout through the shop's handler and Kapy's exported redemption", async () => {
      const aino = await shopper(2000)
      const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
      await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)

      const result = await completeCart(api, cartId, aino.headers)

      expect(result.type).toBe("order")
      // 49.90 of items + 5.90 shipping − 15.00 of cones
      expect(result.order.total).toBe(40.8)
      expect(cartsValidatedByShop).toContain(cartId)
      expect(await balance(aino.headers)).toBe(500)
      expect(await redemptions(aino.headers)).toEqual([-1500])
    })

    it("takes nothing when the shop's own rule refuses the cart", async () => {
      const aino = await shopper(2000)
      const cartId = await createCart(api, shop, aino.headers, [{ variant: "coffee", quantity: 4 }])
      await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)

      const refused = await completeCart(api, cartId, aino.headers).catch((e) => e.response?.data ?? e)

      expect(refused.type ?? "error").not.toBe("order")
      expect(cartsValidatedByShop).toContain(cartId)
      expect(JSON.stringify(refused)).toMatch(/At most 3 of one item per order/)
      expect(await balance(aino.headers)).toBe(2000)
      expect(await redemptions(aino.headers)).toEqual([])
    })

    it("gives the cones back through Kapy's exported compensation when the payment is refused", async () => {
      await getContainer().resolve("link").create({
        [Modules.REGION]: { region_id: shop.regionId },
        [Modules.PAYMENT]: { payment_provider_id: "pp_refusing_refusing" },
      })
      const aino = await shopper(2000)
      const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
      await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)
      const { data } = await api.post("/store/payment-collections", { cart_id: cartId }, aino.headers)
      await api.post(
        `/store/payment-collections/${data.payment_collection.id}/payment-sessions`,
        { provider_id: "pp_refusing_refusing" },
        aino.headers
      )

      const outcome = await api.post(`/store/carts/${cartId}/complete`, {}, aino.headers).then(
        (r: any) => r.data,
        (e: any) => e.response.data
      )

      expect(outcome.type ?? "error").not.toBe("order")
      expect(cartsValidatedByShop).toContain(cartId)
      // taken by the shop's handler, then voided by Kapy's compensation
      expect(await redemptions(aino.headers)).toEqual([-1500])
      expect(await balance(aino.headers)).toBe(2000)
    })
  },
})

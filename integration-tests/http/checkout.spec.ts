import { createCartCreditLinesWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { redeemCartPoints } from "../../src/workflows/redemption/steps/redeem-cart-points"
import { CART_REDEMPTION_FIELDS, RedemptionCart } from "../../src/workflows/redemption/utils/cart-redemption"
import { completeCart, createCart, preparePayment, seedShop, Shop } from "../fixtures/shop"
import {
  afterSubscribers,
  capturePayment,
  createAdmin,
  deliveredEvents,
  entriesOf,
  eventually,
  failing,
  registerCustomer,
} from "../helpers"

jest.setTimeout(240_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: Shop
    let loyalty: LoyaltyModuleService
    let redeemed: any[]

    beforeEach(async () => {
      const container = getContainer()
      loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      // balances in these tests are exactly what each test gives
      await loyalty.updateProgramSettings({ earning: { signup_points: 0 } })
      shop = await seedShop(container)
      redeemed = deliveredEvents(container, "loyalty.points_redeemed")
    })

    const give = (customerId: string, points: number) =>
      loyalty.earnPoints({
        customer_id: customerId,
        points,
        reason: "import",
        idempotency_key: `gift:${customerId}:${points}:${Math.random()}`,
        actor_type: "system",
      })
    const balance = async (customerId: string) =>
      (await loyalty.retrieveOrCreateAccount(customerId)).points_balance
    const cartOf = async (cartId: string, headers: any) =>
      (await api.get(`/store/carts/${cartId}?fields=id,total,item_total,credit_line_total,*credit_lines`, headers)).data.cart

    describe("paying with cones", () => {
      it("takes 15.00 EUR off for 1 500 cones, and the cones only when the order is placed", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 2000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])

        const applied = await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)
        expect(applied.data.cart.credit_lines).toEqual([
          expect.objectContaining({ amount: 15, reference: "loyalty-points", metadata: { points: 1500, customer_id: aino.id } }),
        ])
        // 49.90 of items + 5.90 shipping − 15.00 of cones
        expect(applied.data.cart.total).toBe(40.8)
        expect(await balance(aino.id)).toBe(2000)

        // re-applying replaces, never stacks
        const again = await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)
        expect(again.data.cart.credit_lines).toHaveLength(1)
        expect(again.data.cart.total).toBe(40.8)

        const result = await completeCart(api, cartId, aino.headers)
        expect(result.type).toBe("order")
        expect(result.order.total).toBe(40.8)
        expect(await balance(aino.id)).toBe(500)
        const redemptions = await entriesOf(loyalty, aino.id, { reason: "redemption" })
        expect(redemptions).toEqual([
          expect.objectContaining({ points: -1500, source_type: "cart", source_id: cartId }),
        ])
        const mine = () => redeemed.filter((e) => e.customer_id === aino.id)
        expect(await eventually(async () => mine(), (d) => d.length > 0)).toEqual([
          expect.objectContaining({ customer_id: aino.id, points: -1500, balance: 500, order_id: result.order.id }),
        ])
        // the order earns on what was paid with money: 34.90 of items → 34
        const earned = await eventually(
          () => loyalty.listLoyaltyEntries({ source_id: result.order.id, reason: "order" }),
          (e) => e.length > 0
        )
        expect(earned[0].points).toBe(34)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })

      it("removes the cones from the cart with DELETE", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 2000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
        await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)
        const removed = await api.delete(`/store/carts/${cartId}/loyalty-points`, aino.headers)
        expect(removed.data.cart.credit_lines).toEqual([])
        expect(removed.data.cart.total).toBe(55.8)
      })

      it("quotes cones before they are applied: their value and the new total, by the same rules, changing nothing", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 2000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])

        const limits = await api.get(`/store/carts/${cartId}/loyalty-points`, aino.headers)
        expect(limits.data.quote).toMatchObject({
          cart_id: cartId,
          currency_code: "eur",
          applied_points: 0,
          points: null,
          available: 2000,
          min_points: 100,
          max_points: 2000,
          value: 0,
          total_before: 55.8,
          total_after: 55.8,
          problem: null,
        })

        const quote = (await api.get(`/store/carts/${cartId}/loyalty-points?points=500`, aino.headers)).data.quote
        expect(quote).toMatchObject({ points: 500, value: 5, total_before: 55.8, total_after: 50.8, problem: null })
        const tooMany = (await api.get(`/store/carts/${cartId}/loyalty-points?points=2500`, aino.headers)).data.quote
        expect(tooMany.problem).toEqual({ code: "more_than_balance", message: "Not enough points: 2000 available" })
        expect(tooMany.total_after).toBe(55.8)
        expect((await cartOf(cartId, aino.headers)).credit_lines).toEqual([])

        // the quote agrees with what applying does, and counts what is applied
        const applied = await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 500 }, aino.headers)
        expect(applied.data.cart.total).toBe(quote.total_after)
        const after = (await api.get(`/store/carts/${cartId}/loyalty-points?points=1000`, aino.headers)).data.quote
        expect(after).toMatchObject({ applied_points: 500, value: 10, total_before: 55.8, total_after: 45.8 })

        for (const bad of ["1.5", "-100", "abc"]) {
          const refused = await failing(api.get(`/store/carts/${cartId}/loyalty-points?points=${bad}`, aino.headers))
          expect(refused.status).toBe(400)
        }
        const eero = await registerCustomer(api, shop.publishableKey, "eero@example.com")
        expect((await failing(api.get(`/store/carts/${cartId}/loyalty-points`, eero.headers))).status).toBe(404)
      })

      it("completes a cart paid entirely with cones without a card payment", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 6000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
        const applied = await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 5580 }, aino.headers)
        expect(applied.data.cart.total).toBe(0)
        const result = await completeCart(api, cartId, aino.headers)
        expect(result.type).toBe("order")
        expect(await balance(aino.id)).toBe(420)
      })
    })

    describe("carts that change", () => {
      const pointsOnCart = async (cartId: string, headers: any) =>
        (await cartOf(cartId, headers)).credit_lines.map((l: any) => [l.metadata.points, l.amount])

      it("shrinks the cones when items are removed", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 10000)
        const cartId = await createCart(api, shop, aino.headers, [
          { variant: "oat-drink", quantity: 1 },
          { variant: "coffee", quantity: 1 },
        ])
        await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 6000 }, aino.headers)
        const cart = await cartOf(cartId, aino.headers)
        const { data } = await api.get(`/store/carts/${cartId}?fields=*items`, aino.headers)
        const drink = data.cart.items.find((i: any) => i.variant_id === shop.variants["oat-drink"])
        await api.delete(`/store/carts/${cartId}/line-items/${drink.id}`, aino.headers)

        // 12.00 of coffee + 5.90 shipping is all the cart still accepts
        const after = await eventually(
          () => pointsOnCart(cartId, aino.headers),
          (lines) => lines.length === 1 && lines[0][0] === 1790
        )
        expect(after).toEqual([[1790, 17.9]])
        expect(cart.total).toBe(7.8)
        expect((await cartOf(cartId, aino.headers)).total).toBe(0)
        const result = await completeCart(api, cartId, aino.headers)
        expect(result.type).toBe("order")
        expect(await balance(aino.id)).toBe(10000 - 1790)
      })

      it("recalculates the cones when a promotion is added", async () => {
        await loyalty.updateProgramSettings({ redemption: { max_cart_share_percent: 50 } })
        const admin = await createAdmin(api, getContainer())
        await api.post(
          "/admin/promotions",
          {
            code: "HALF",
            type: "standard",
            status: "active",
            application_method: {
              type: "percentage",
              target_type: "order",
              allocation: "across",
              value: 50,
              currency_code: "eur",
            },
          },
          admin.headers
        )
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 10000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
        // half of 55.80
        await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 2790 }, aino.headers)
        const refused = await failing(api.post(`/store/carts/${cartId}/loyalty-points`, { points: 2791 }, aino.headers))
        expect(refused.data.message).toMatch(/accepts at most 2790 points/)

        await api.post(`/store/carts/${cartId}/promotions`, { promo_codes: ["HALF"] }, aino.headers)
        const lines = await eventually(
          () => pointsOnCart(cartId, aino.headers),
          (l) => l.length === 1 && l[0][0] !== 2790
        )
        const cart = await cartOf(cartId, aino.headers)
        const payableCents = Math.round((cart.total + lines[0][1]) * 100)
        expect(lines[0][0]).toBe(Math.floor(payableCents / 2))
      })

      it("refuses at completion a credit line the cart outgrew, and charges nothing", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 10000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "coffee", quantity: 1 }])
        // a stale line, as if the cart had shrunk without a refresh
        const account = (await loyalty.retrieveMember({ customer_id: aino.id }))!
        await createCartCreditLinesWorkflow(getContainer()).run({
          input: [{ cart_id: cartId, amount: 17.9, reference: "loyalty-points", reference_id: account.id, metadata: { points: 5000, customer_id: aino.id } }],
        })
        const response = await failing(completeCart(api, cartId, aino.headers))
        expect(response.status).toBe(400)
        expect(response.data.message).toMatch(/The cart changed after 5000 points were applied: it now accepts at most \d+ points/)
        expect(await balance(aino.id)).toBe(10000)
      })
    })

    describe("whose cones pay", () => {
      it("drops the cones of a cart another customer takes over, and charges nobody", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        const eero = await registerCustomer(api, shop.publishableKey, "eero@example.com")
        await give(aino.id, 2000)
        await give(eero.id, 2000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
        await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)

        // Medusa lets a logged-in customer take over a cart by its id
        const taken: any = await afterSubscribers(getContainer(), "cart.customer_transferred", () =>
          api.post(`/store/carts/${cartId}/customer`, {}, eero.headers)
        )
        expect(taken.data.cart.customer_id).toBe(eero.id)
        const cart = await cartOf(cartId, eero.headers)
        expect(cart.credit_lines).toEqual([])
        expect(cart.total).toBe(55.8)
        const result = await completeCart(api, cartId, eero.headers)
        expect(result.type).toBe("order")
        expect(await balance(aino.id)).toBe(2000)
        expect(await balance(eero.id)).toBe(2000)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })

      it("charges only the account that applied the cones, and refuses when it is not the cart customer's", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        const eero = await registerCustomer(api, shop.publishableKey, "eero@example.com")
        await give(aino.id, 2000)
        await give(eero.id, 2000)
        const ainoAccount = (await loyalty.retrieveMember({ customer_id: aino.id }))!
        // Eero's cart carrying a line of Aino's account, even one whose metadata names Eero (as a missed refit would leave it)
        const cartId = await createCart(api, shop, eero.headers, [{ variant: "oat-drink", quantity: 1 }])
        await createCartCreditLinesWorkflow(getContainer()).run({
          input: [{ cart_id: cartId, amount: 15, reference: "loyalty-points", reference_id: ainoAccount.id, metadata: { points: 1500, customer_id: eero.id } }],
        })
        const response = await failing(completeCart(api, cartId, eero.headers))
        expect(response.status).toBe(400)
        expect(response.data.message).toBe("The points on this cart were applied by another customer. Apply points again.")
        expect(await balance(aino.id)).toBe(2000)
        expect(await balance(eero.id)).toBe(2000)
        expect(await entriesOf(loyalty, aino.id, { reason: "redemption" })).toEqual([])
        expect(await entriesOf(loyalty, eero.id, { reason: "redemption" })).toEqual([])
      })
    })

    describe("bad requests change nothing", () => {
      it.each([
        ["below the minimum", { points: 50 }, 400, /At least 100 points/],
        ["fractional", { points: 150.5 }, 400, /whole number/],
        ["negative", { points: -200 }, 400, /positive/],
        ["a string", { points: "200" }, 400, /must be a number/],
        ["more than the balance", { points: 2500 }, 409, /Not enough points: 2000 available, 2500 requested/],
        ["more than the cart", { points: 6000 }, 400, /accepts at most 5580 points/],
      ])("refuses %s", async (_label, body, status, message) => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 2000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
        if (status === 400 && (body as any).points === 6000) {
          await give(aino.id, 10000)
        }
        const response = await failing(api.post(`/store/carts/${cartId}/loyalty-points`, body, aino.headers))
        expect(response.status).toBe(status)
        expect(response.data.message).toMatch(message)
        const cart = await cartOf(cartId, aino.headers)
        expect(cart.credit_lines).toEqual([])
        expect(cart.total).toBe(55.8)
      })

      it("hides another customer's cart and needs a login", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        const eero = await registerCustomer(api, shop.publishableKey, "eero@example.com")
        await give(eero.id, 2000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])

        const theirs = await failing(api.post(`/store/carts/${cartId}/loyalty-points`, { points: 500 }, eero.headers))
        expect(theirs.status).toBe(404)
        const anonymous = await failing(
          api.post(`/store/carts/${cartId}/loyalty-points`, { points: 500 }, {
            headers: { "x-publishable-api-key": shop.publishableKey },
          })
        )
        expect(anonymous.status).toBe(401)
        const remove = await failing(api.delete(`/store/carts/${cartId}/loyalty-points`, eero.headers))
        expect(remove.status).toBe(404)
        expect((await cartOf(cartId, aino.headers)).credit_lines).toEqual([])
      })
    })

    describe("concurrency", () => {
      it("completes exactly 10 of 20 concurrent checkouts of 100 cones each from a balance of 1 000", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 1000)
        const carts: string[] = []
        for (let i = 0; i < 20; i++) {
          const cartId = await createCart(api, shop, aino.headers, [{ variant: "coffee", quantity: 1 }])
          await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 100 }, aino.headers)
          // payment sessions one by one: Medusa creates the customer's payment account holder on the first
          await preparePayment(api, cartId, aino.headers)
          carts.push(cartId)
        }
        const results = await Promise.allSettled(
          carts.map((id) => completeCart(api, id, aino.headers, { paid: true }))
        )
        const orders = results.filter((r) => r.status === "fulfilled" && (r.value as any).type === "order")
        expect(orders).toHaveLength(10)
        for (const failure of results.filter((r) => !(r.status === "fulfilled" && (r.value as any).type === "order"))) {
          const message =
            failure.status === "rejected"
              ? (failure.reason as any).response?.data?.message
              : (failure.value as any).error?.message
          expect(message).toMatch(/Not enough points: 0 available, 100 requested/)
        }
        expect(await balance(aino.id)).toBe(0)
        expect(await entriesOf(loyalty, aino.id, { reason: "redemption" })).toHaveLength(10)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })

      it("takes a cart's cones once when its completion runs twice at once without Medusa's cart lock", async () => {
        // what two server instances with an in-memory locking provider would do: the ledger alone must hold
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 2000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
        await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)
        const {
          data: [cart],
        } = await getContainer()
          .resolve(ContainerRegistrationKeys.QUERY)
          .graph({ entity: "cart", fields: CART_REDEMPTION_FIELDS, filters: { id: cartId } })
        const taken = await Promise.all(
          Array.from({ length: 6 }, () => redeemCartPoints(getContainer(), cart as unknown as RedemptionCart))
        )
        // one run wrote the entry (and would void it should its checkout fail); the others replayed it
        expect(taken.filter(Boolean)).toHaveLength(1)
        expect(await balance(aino.id)).toBe(500)
        expect(await entriesOf(loyalty, aino.id, { reason: "redemption" })).toHaveLength(1)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })
    })

    describe("payment failures", () => {
      it("gives the cones back, exactly once, when the payment is refused", async () => {
        const container = getContainer()
        await container.resolve("link").create({
          [Modules.REGION]: { region_id: shop.regionId },
          [Modules.PAYMENT]: { payment_provider_id: "pp_refusing_refusing" },
        })
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 2000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
        await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)
        const { data } = await api.post("/store/payment-collections", { cart_id: cartId }, aino.headers)
        await api.post(
          `/store/payment-collections/${data.payment_collection.id}/payment-sessions`,
          { provider_id: "pp_refusing_refusing" },
          aino.headers
        )

        for (let attempt = 0; attempt < 2; attempt++) {
          const outcome = await api.post(`/store/carts/${cartId}/complete`, {}, aino.headers).then(
            (r: any) => r.data,
            (e: any) => e.response.data
          )
          expect(outcome.type ?? "error").not.toBe("order")
          expect(await balance(aino.id)).toBe(2000)
        }
        let entries = await entriesOf(loyalty, aino.id)
        // the refused attempt took the cones under the cart's key and its compensation voided them, once
        // (Medusa answers the second completion of a cart whose payment was refused before the validate hook)
        const redeemed = entries.filter((e) => e.reason === "redemption")
        const reversed = entries.filter((e) => e.reason === "reversal")
        expect(redeemed.map((e) => e.idempotency_key)).toEqual([`redemption:${cartId}`])
        expect(reversed.map((e) => e.voids_entry_id).sort()).toEqual(redeemed.map((e) => e.id).sort())
        expect(reversed.map((e) => e.origin_entry_id).sort()).toEqual(redeemed.map((e) => e.id).sort())
        expect(reversed.every((e) => e.points === 1500)).toBe(true)


        // paying with a card that works takes the cones again, once
        await api.post(
          `/store/payment-collections/${data.payment_collection.id}/payment-sessions`,
          { provider_id: "pp_system_default" },
          aino.headers
        )
        const placed = await api.post(`/store/carts/${cartId}/complete`, {}, aino.headers)
        expect(placed.data.type).toBe("order")
        expect(await balance(aino.id)).toBe(500)
        await api.post(`/store/carts/${cartId}/complete`, {}, aino.headers)
        expect(await balance(aino.id)).toBe(500)
        entries = await entriesOf(loyalty, aino.id, { reason: "redemption" })
        expect(entries).toHaveLength(redeemed.length + 1)
        // the voided attempt's key counted as not done: the order's debit is the key's second attempt
        expect((await loyalty.findCartRedemption(cartId))!.entry.idempotency_key).toBe(`redemption:${cartId}#2`)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })
    })

    describe("beside Medusa's store credit", () => {
      it("completes a cart paying with cones and store credit, each ledger debited its own part", async () => {
        const admin = await createAdmin(api, getContainer())
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 2000)
        const { data: created } = await api.post(
          "/admin/store-credit-accounts",
          { currency_code: "eur", customer_id: aino.id },
          admin.headers
        )
        const accountId = created.store_credit_account.id
        await api.post(`/admin/store-credit-accounts/${accountId}/credit`, { amount: 10 }, admin.headers)

        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
        await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)
        await api.post(`/store/carts/${cartId}/store-credits`, { amount: 10 }, aino.headers)
        const cart = await cartOf(cartId, aino.headers)
        expect(cart.credit_lines.map((l: any) => [l.reference, l.amount]).sort()).toEqual([
          ["loyalty-points", 15],
          ["store-credit", 10],
        ])
        expect(cart.total).toBe(30.8)

        const result = await completeCart(api, cartId, aino.headers)
        expect(result.type).toBe("order")
        expect(result.order.total).toBe(30.8)
        expect(await balance(aino.id)).toBe(500)
        const { data } = await api.get(`/admin/store-credit-accounts/${accountId}`, admin.headers)
        expect(data.store_credit_account.balance).toBe(0)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })
    })

    describe("orders", () => {
      it("gives the cones back when the order is cancelled, once", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 2000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
        await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)
        const { order } = await completeCart(api, cartId, aino.headers)
        expect(await balance(aino.id)).toBe(500)

        const admin = await createAdmin(api, getContainer())
        await afterSubscribers(getContainer(), "order.canceled", () =>
          api.post(`/admin/orders/${order.id}/cancel`, {}, admin.headers)
        )
        expect(await balance(aino.id)).toBe(2000)
        // the event delivered again gives nothing more
        await afterSubscribers(getContainer(), "order.canceled", () =>
          getContainer().resolve(Modules.EVENT_BUS).emit({ name: "order.canceled", data: { id: order.id } })
        )
        expect(await balance(aino.id)).toBe(2000)
        // one return of the 1 500 cones paid (beside the reversal of what the order earned)
        const returns = (await entriesOf(loyalty, aino.id, { reason: "reversal" })).filter((e) => e.redeemed_delta < 0)
        expect(returns.map((e) => e.points)).toEqual([1500])
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })

      it("lets the admin choose per refund what comes back when the refund policy is manual", async () => {
        await loyalty.updateProgramSettings({ redemption: { refund_policy: "manual" } })
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 2000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
        await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)
        const { order } = await completeCart(api, cartId, aino.headers)
        const admin = await createAdmin(api, getContainer())
        const payment = await capturePayment(api, order.id, admin.headers)
        await afterSubscribers(getContainer(), "payment.refunded", () =>
          api.post(`/admin/payments/${payment.id}/refund`, { amount: 20.4 }, admin.headers)
        )
        expect(await balance(aino.id)).toBe(500) // nothing automatic
        const returns = (await entriesOf(loyalty, aino.id, { reason: "reversal" })).filter((e) => e.redeemed_delta < 0)
        expect(returns).toEqual([])

        const headers = { headers: { ...admin.headers.headers, "idempotency-key": "refund-1" } }
        const back = await api.post(`/admin/loyalty/orders/${order.id}/returned-points`, { points: 300 }, headers)
        expect(back.status).toBe(201)
        expect(back.data.entry).toEqual(expect.objectContaining({ points: 300, actor_type: "user", actor_id: admin.id }))
        const retry = await api.post(`/admin/loyalty/orders/${order.id}/returned-points`, { points: 300 }, headers)
        expect(retry.status).toBe(200)
        expect(await balance(aino.id)).toBe(800)

        const tooMany = await failing(
          api.post(`/admin/loyalty/orders/${order.id}/returned-points`, { points: 1300 }, admin.headers)
        )
        expect(tooMany.status).toBe(409)
        expect(tooMany.data.message).toMatch(/has 1200 points left to reverse; 1300 requested/)
        const unknown = await failing(
          api.post("/admin/loyalty/orders/order_nope/returned-points", { points: 1 }, admin.headers)
        )
        expect(unknown.status).toBe(404)
        expect(await balance(aino.id)).toBe(800)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })

      it("gives back the refunded share of the cones, rounded down, never more than spent", async () => {
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        await give(aino.id, 2000)
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
        await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 1500 }, aino.headers)
        const { order } = await completeCart(api, cartId, aino.headers)
        expect(order.total).toBe(40.8)
        const admin = await createAdmin(api, getContainer())
        const payment = await capturePayment(api, order.id, admin.headers)

        const returned = async () =>
          (await entriesOf(loyalty, aino.id, { reason: "reversal" }))
            .filter((e) => e.points > 0)
            .reduce((sum, e) => sum + e.points, 0)
        // half of what was paid with money: half of the cones
        await afterSubscribers(getContainer(), "payment.refunded", () =>
          api.post(`/admin/payments/${payment.id}/refund`, { amount: 20.4 }, admin.headers)
        )
        expect(await returned()).toBe(750)
        await afterSubscribers(getContainer(), "payment.refunded", () =>
          api.post(`/admin/payments/${payment.id}/refund`, { amount: 20.4 }, admin.headers)
        )
        expect(await returned()).toBe(1500)
        // redelivered: nothing more
        await afterSubscribers(getContainer(), "payment.refunded", () =>
          getContainer().resolve(Modules.EVENT_BUS).emit({ name: "payment.refunded", data: { id: payment.id } })
        )
        expect(await returned()).toBe(1500)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })
    })
  },
})

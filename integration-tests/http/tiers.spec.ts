import { completeCartWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { runDueTierEvaluation } from "../../src/workflows/tiers"
import { completeCart, createCart, preparePayment, seedShop, Shop } from "../fixtures/shop"
import {
  afterOrdersEarned,
  afterSubscribers,
  capturePayment,
  createAdmin,
  failing,
  Headers,
  recordLoyaltyEvents,
  registerCustomer,
} from "../helpers"
import { runScheduledJob } from "../jobs"

jest.setTimeout(300_000)

const DAY = 86_400_000

type Customer = Awaited<ReturnType<typeof registerCustomer>>

/**
 * Tiers that move, over HTTP against real PostgreSQL: an order moves a
 * member up at once into the tier's customer group (and so its price list
 * and promotion); a refund moves them down only when the grace period has
 * ended, in the job; an admin's override is a floor until its date; VIP
 * early access is enforced by the store API; the tier set is validated as
 * a whole. Time is moved by passing `now` to the job, never waited for.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: Shop
    let admin: Headers
    let loyalty: LoyaltyModuleService
    let tiers: Record<string, any>

    beforeEach(async () => {
      shop = await seedShop(getContainer(), [
        { handle: "boots", title: "Winter boots", price: 400 },
        { handle: "coat", title: "Down coat", price: 1200 },
        { handle: "socks", title: "Wool socks", price: 40 },
        { handle: "vip", title: "First-edition scarf", price: 60 },
      ])
      admin = (await createAdmin(api, getContainer())).headers
      loyalty = getContainer().resolve(KAPY_LOYALTY_MODULE)
      // the hourly tier job (or this route) makes each tier's group, price list and promotion
      const { data } = await api.post("/admin/loyalty/tier-pricing", {}, admin)
      tiers = Object.fromEntries(data.tiers.map((t: any) => [t.name.en, t]))
    })

    afterEach(() => jest.restoreAllMocks())

    const placeOrder = async (customer: Customer, variant: string) => {
      const cartId = await createCart(api, shop, customer.headers, [{ variant, quantity: 1 }])
      const result = await afterOrdersEarned(getContainer(), () => completeCart(api, cartId, customer.headers))
      expect(result.type).toBe("order")
      return result.order
    }
    const me = async (customer: Customer, query = "") => (await api.get(`/store/loyalty/me${query}`, customer.headers)).data.account
    const groupsOf = async (customerId: string) => {
      const { data } = await api.get(`/admin/customers/${customerId}?fields=id,*groups`, admin)
      return data.customer.groups.map((g: any) => g.id).sort()
    }
    const priceFor = async (headers: Record<string, string>, handle: string) => {
      const { data } = await api.get(
        `/store/products/${shop.products[handle]}?region_id=${shop.regionId}&fields=*variants.calculated_price`,
        { headers }
      )
      return data.product.variants[0].calculated_price.calculated_amount
    }

    it("Admin CRUD: the default tiers come with a customer group and a price list each; a tier is created, edited and deleted as part of a valid set", async () => {
      expect(Object.keys(tiers)).toEqual(["Bronze", "Silver", "Gold"])
      for (const tier of Object.values(tiers)) {
        expect(tier).toEqual(expect.objectContaining({ customer_group_id: expect.any(String), price_list_id: expect.any(String), promotion_id: null }))
      }
      const { data: list } = await api.get(`/admin/price-lists/${tiers.Silver.price_list_id}`, admin)
      expect(list.price_list.rules).toEqual({ "customer.groups.id": [tiers.Silver.customer_group_id] })

      const { data: created } = await api.post(
        "/admin/loyalty/tiers",
        {
          name: { en: "Platinum", fi: "Platina" },
          threshold: 5000,
          multiplier: "2",
          discount_percent: 15,
          perks: { en: "Free shipping", fi: "Ilmainen toimitus" },
        },
        admin
      )
      expect(created.tier).toEqual(
        expect.objectContaining({
          name: { en: "Platinum", fi: "Platina" },
          rank: 3,
          threshold: 5000,
          multiplier: 2,
          discount_percent: 15,
          perks: { en: "Free shipping", fi: "Ilmainen toimitus" },
          promotion_id: expect.any(String),
        })
      )
      const { data: promotion } = await api.get(`/admin/promotions/${created.tier.promotion_id}?fields=*application_method,*rules,*rules.values`, admin)
      expect(promotion.promotion).toEqual(expect.objectContaining({ is_automatic: true, status: "active" }))
      expect(promotion.promotion.application_method).toEqual(expect.objectContaining({ type: "percentage", target_type: "order", value: 15 }))
      expect(promotion.promotion.rules[0]).toEqual(
        expect.objectContaining({ attribute: "customer.groups.id", values: [expect.objectContaining({ value: created.tier.customer_group_id })] })
      )

      // the shopper's language
      const { data: program } = await api.get("/store/loyalty/program?locale=fi-FI", {
        headers: { "x-publishable-api-key": shop.publishableKey },
      })
      expect(program.program.tiers.at(-1)).toEqual(expect.objectContaining({ name: "Platina", perks: "Ilmainen toimitus" }))

      // an edit keeps the set valid and the promotion in step
      const { data: edited } = await api.post(`/admin/loyalty/tiers/${created.tier.id}`, { discount_percent: 20 }, admin)
      expect(edited.tier.discount_percent).toBe(20)
      const { data: again } = await api.get(`/admin/promotions/${created.tier.promotion_id}?fields=*application_method`, admin)
      expect(again.promotion.application_method.value).toBe(20)
      const { data: cleared } = await api.post(`/admin/loyalty/tiers/${created.tier.id}`, { discount_percent: null }, admin)
      expect(cleared.tier.promotion_id).toBeNull()

      const { data: one } = await api.get(`/admin/loyalty/tiers/${created.tier.id}`, admin)
      expect(one.tier).toEqual(expect.objectContaining({ id: created.tier.id, members: 0 }))
      const { data: deleted } = await api.delete(`/admin/loyalty/tiers/${created.tier.id}`, admin)
      expect(deleted).toEqual(expect.objectContaining({ id: created.tier.id, deleted: true, moved: 0 }))
      expect((await api.get("/admin/loyalty/tiers", admin)).data.tiers.map((t: any) => t.name.en)).toEqual(["Bronze", "Silver", "Gold"])
      expect((await failing(api.get(`/admin/customer-groups/${created.tier.customer_group_id}`, admin))).status).toBe(404)

      // a tier group deleted in Medusa's admin is made anew by the hourly job, and the tier's price list follows it;
      // reading the tiers changes nothing
      await api.delete(`/admin/customer-groups/${tiers.Silver.customer_group_id}`, admin)
      const { data: read } = await api.get("/admin/loyalty/tiers", admin)
      expect(read.tiers.find((t: any) => t.id === tiers.Silver.id).customer_group_id).toBe(tiers.Silver.customer_group_id)
      await runScheduledJob(getContainer(), "kapy-evaluate-due-tiers")
      const { data: after } = await api.get("/admin/loyalty/tiers", admin)
      const silver = after.tiers.find((t: any) => t.id === tiers.Silver.id)
      expect(silver.customer_group_id).not.toBe(tiers.Silver.customer_group_id)
      expect(silver.price_list_id).toBe(tiers.Silver.price_list_id)
      const { data: relisted } = await api.get(`/admin/price-lists/${silver.price_list_id}`, admin)
      expect(relisted.price_list.rules).toEqual({ "customer.groups.id": [silver.customer_group_id] })
    })

    it("bad input: overlapping thresholds, two entry tiers, a negative multiplier, unknown ids — 400/404 naming the field, nothing changed", async () => {
      const before = (await api.get("/admin/loyalty/tiers", admin)).data.tiers

      const overlapping = await failing(api.post("/admin/loyalty/tiers", { name: "Silver+", threshold: 300, multiplier: 1.3 }, admin))
      expect(overlapping.status).toBe(400)
      expect(overlapping.data.message).toMatch(/threshold/)

      const twoEntries = await failing(api.post("/admin/loyalty/tiers", { name: "Starter", threshold: 0, multiplier: 1 }, admin))
      expect(twoEntries.status).toBe(400)
      expect(twoEntries.data.message).toMatch(/threshold: only one tier may be the entry tier/)

      const negative = await failing(api.post(`/admin/loyalty/tiers/${tiers.Gold.id}`, { multiplier: -1 }, admin))
      expect(negative.status).toBe(400)
      expect(negative.data.message).toMatch(/multiplier/)

      const badDiscount = await failing(api.post(`/admin/loyalty/tiers/${tiers.Gold.id}`, { discount_percent: 150 }, admin))
      expect(badDiscount.status).toBe(400)
      expect(badDiscount.data.message).toMatch(/discount_percent/)

      const notANumber = await failing(api.post("/admin/loyalty/tiers", { name: "X", threshold: "lots", multiplier: 1 }, admin))
      expect(notANumber.status).toBe(400)
      expect(notANumber.data.message).toMatch(/threshold/)

      const deletingEntry = await failing(api.delete(`/admin/loyalty/tiers/${tiers.Bronze.id}`, admin))
      expect(deletingEntry.status).toBe(400)
      expect(deletingEntry.data.message).toMatch(/threshold/)

      expect((await failing(api.get("/admin/loyalty/tiers/ktier_nope", admin))).status).toBe(404)
      expect((await failing(api.post("/admin/loyalty/tiers/ktier_nope", { multiplier: 2 }, admin))).status).toBe(404)
      expect((await failing(api.delete("/admin/loyalty/tiers/ktier_nope", admin))).status).toBe(404)

      const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
      const unknownTier = await failing(
        api.post(`/admin/loyalty/accounts/${aino.id}/tier`, { tier_id: "ktier_nope", reason: "VIP" }, admin)
      )
      expect(unknownTier.status).toBe(404)
      expect(unknownTier.data.message).toMatch(/tier_id/)
      const noReason = await failing(api.post(`/admin/loyalty/accounts/${aino.id}/tier`, { tier_id: tiers.Gold.id }, admin))
      expect(noReason.status).toBe(400)
      expect(noReason.data.message).toMatch(/reason/)
      const unknownProduct = await failing(
        api.post("/admin/loyalty/early-access", { product_id: "prod_nope", tier_ids: [tiers.Gold.id], until: new Date(Date.now() + DAY) }, admin)
      )
      expect(unknownProduct.status).toBe(404)
      expect(unknownProduct.data.message).toMatch(/product_id/)
      const unknownTierIds = await failing(
        api.post("/admin/loyalty/early-access", { product_id: shop.products.vip, tier_ids: ["ktier_nope"], until: new Date(Date.now() + DAY) }, admin)
      )
      expect(unknownTierIds.status).toBe(404)
      expect(unknownTierIds.data.message).toMatch(/tier_ids/)

      expect((await api.get("/admin/loyalty/tiers", admin)).data.tiers).toEqual(before)
      expect((await me(aino)).tier.name).toBe("Bronze")
    })

    it("an order past Silver's threshold puts a Bronze member in the Silver group at once, priced from Silver's price list; Gold's promotion applies to a Gold member's next cart, not a Silver's", async () => {
      // the admin fills the tier price lists and gives Gold a discount, in Medusa's own admin API
      await api.post(
        `/admin/price-lists/${tiers.Silver.price_list_id}/prices/batch`,
        { create: [{ variant_id: shop.variants.socks, currency_code: "eur", amount: 30 }] },
        admin
      )
      await api.post(`/admin/loyalty/tiers/${tiers.Gold.id}`, { discount_percent: 10 }, admin)
      const emitted = recordLoyaltyEvents(getContainer())

      const silvia = await registerCustomer(api, shop.publishableKey, "silvia@example.com")
      const bruno = await registerCustomer(api, shop.publishableKey, "bruno@example.com")
      const goldie = await registerCustomer(api, shop.publishableKey, "goldie@example.com")

      // an open cart of Silvia's, priced before she is Silver
      const openCart = await createCart(api, shop, silvia.headers, [{ variant: "socks", quantity: 1 }])
      expect((await api.get(`/store/carts/${openCart}?fields=*items`, silvia.headers)).data.cart.items[0].unit_price).toBe(40)

      await placeOrder(silvia, "boots")
      await placeOrder(bruno, "socks")
      await placeOrder(goldie, "coat")

      expect((await me(silvia)).tier.name).toBe("Silver")
      expect(await groupsOf(silvia.id)).toEqual([tiers.Silver.customer_group_id])
      expect(await groupsOf(bruno.id)).toEqual([tiers.Bronze.customer_group_id])
      expect(await groupsOf(goldie.id)).toEqual([tiers.Gold.customer_group_id])
      expect(emitted.filter((e) => e.name === "loyalty.tier_changed" && e.data.customer_id === silvia.id).map((e) => e.data)).toEqual([
        expect.objectContaining({ from: null, to: tiers.Silver.id, reason: "upgrade" }),
      ])
      // a new member placed in the entry tier is in its group, and no news
      expect(emitted.filter((e) => e.name === "loyalty.tier_changed" && e.data.customer_id === bruno.id)).toEqual([])

      expect(await priceFor(silvia.headers.headers, "socks")).toBe(30)
      expect(await priceFor(bruno.headers.headers, "socks")).toBe(40)
      // her open cart was refreshed by the tier change
      expect((await api.get(`/store/carts/${openCart}?fields=*items`, silvia.headers)).data.cart.items[0].unit_price).toBe(30)

      const nextCart = async (customer: Customer) => {
        const cartId = await createCart(api, shop, customer.headers, [{ variant: "boots", quantity: 1 }])
        return (await api.get(`/store/carts/${cartId}?fields=discount_total,*promotions`, customer.headers)).data.cart
      }
      const goldCart = await nextCart(goldie)
      expect(goldCart.promotions.map((p: any) => p.id)).toEqual([expect.any(String)])
      expect(goldCart.discount_total).toBeCloseTo(40, 1)
      const silverCart = await nextCart(silvia)
      expect(silverCart.promotions).toEqual([])
      expect(silverCart.discount_total).toBe(0)
    })

    it("a cart checked out while the tier change refreshes it: the order's points stay, the upgrade lands, the completed cart is left alone", async () => {
      const container = getContainer()
      const emitted = recordLoyaltyEvents(container)
      const silvia = await registerCustomer(api, shop.publishableKey, "silvia@example.com")
      // her second cart, open and ready to pay when her first order moves her up
      const second = await createCart(api, shop, silvia.headers, [{ variant: "socks", quantity: 1 }])
      await preparePayment(api, second, silvia.headers)

      // The interleaving, forced: the tier change lists her open carts (the
      // second one among them), and before it refreshes that cart she
      // checks it out.
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const graph = query.graph.bind(query)
      let checkedOutDuringRefresh = false
      jest.spyOn(query, "graph").mockImplementation(async (config: any, ...rest: any[]) => {
        const result = await graph(config, ...rest)
        const openCartsOfMembers = config.entity === "cart" && config.filters?.completed_at === null && config.filters?.customer_id
        if (openCartsOfMembers && !checkedOutDuringRefresh && result.data.some((c: any) => c.id === second)) {
          checkedOutDuringRefresh = true
          await completeCartWorkflow(container).run({ input: { id: second } })
        }
        return result
      })

      const first = await createCart(api, shop, silvia.headers, [{ variant: "boots", quantity: 1 }])
      const placed = await afterOrdersEarned(container, () => completeCart(api, first, silvia.headers), 2)
      expect(placed.type).toBe("order")
      expect(checkedOutDuringRefresh).toBe(true)
      const { data: [secondCart] } = await graph({ entity: "cart", fields: ["id", "completed_at"], filters: { id: second } })
      expect(secondCart.completed_at).not.toBeNull()

      // the first order's points stand: earned at Bronze (the tier held before the order), never voided
      const [entry, ...more] = await loyalty.listLoyaltyEntries({ source_id: placed.order.id, reason: "order" })
      expect(more).toEqual([])
      expect(entry).toEqual(expect.objectContaining({ points: 400, pending_delta: 400, voids_entry_id: null }))
      expect(await loyalty.listLoyaltyEntries({ voids_entry_id: entry.id })).toEqual([])
      // and the upgrade it caused landed
      expect((await me(silvia)).tier.name).toBe("Silver")
      expect(await groupsOf(silvia.id)).toEqual([tiers.Silver.customer_group_id])
      expect(emitted.filter((e) => e.name === "loyalty.tier_changed" && e.data.customer_id === silvia.id).map((e) => e.data)).toEqual([
        expect.objectContaining({ to: tiers.Silver.id, reason: "upgrade" }),
      ])
    })

    it("a refund below the threshold downgrades only after the grace period, in the job; run twice and concurrently it changes the tier once and emits one event", async () => {
      const silvia = await registerCustomer(api, shop.publishableKey, "silvia@example.com")
      const order = await placeOrder(silvia, "boots")
      expect((await me(silvia)).tier.name).toBe("Silver")

      const payment = await capturePayment(api, order.id, admin)
      await afterSubscribers(getContainer(), "payment.refunded", () =>
        api.post(`/admin/payments/${payment.id}/refund`, { amount: 200 }, admin)
      )
      const during = await me(silvia)
      expect(during.tier.name).toBe("Silver")
      expect(during.tier_progress.qualifying).toBe(200)
      const graceEnd = new Date(during.tier_expires_at).getTime()
      expect(graceEnd).toBeGreaterThan(Date.now() + 29 * DAY)
      expect(graceEnd).toBeLessThanOrEqual(Date.now() + 30 * DAY)

      const emitted = recordLoyaltyEvents(getContainer())
      await runDueTierEvaluation(getContainer(), { now: new Date(graceEnd - DAY) })
      expect((await me(silvia)).tier.name).toBe("Silver")

      const after = new Date(graceEnd + 1000)
      const runs = await Promise.all([1, 2].map(() => runDueTierEvaluation(getContainer(), { now: after, batchSize: 1 })))
      await runDueTierEvaluation(getContainer(), { now: after })
      expect(runs.reduce((sum, r) => sum + r.changed, 0)).toBe(1)
      const account = await me(silvia)
      expect(account.tier.name).toBe("Bronze")
      expect(account.tier_expires_at).toBeNull()
      expect(account.next_tier).toEqual(expect.objectContaining({ name: "Silver", remaining: 100 }))
      expect(await groupsOf(silvia.id)).toEqual([tiers.Bronze.customer_group_id])
      expect(emitted.filter((e) => e.name === "loyalty.tier_changed").map((e) => e.data)).toEqual([
        {
          account_id: expect.any(String),
          customer_id: silvia.id,
          from: tiers.Silver.id,
          to: tiers.Bronze.id,
          reason: "downgrade",
          changed_at: new Date(graceEnd + 1000).toISOString(),
        },
      ])
    })

    it("an override to Gold until a date keeps Gold through a refund; after the date the member falls to their earned tier", async () => {
      const { id: adminId } = await getContainer()
        .resolve("user")
        .listUsers({ email: "admin@kapy.test" })
        .then((users: any[]) => users[0])
      const emitted = recordLoyaltyEvents(getContainer())
      const silvia = await registerCustomer(api, shop.publishableKey, "silvia@example.com")
      const order = await placeOrder(silvia, "boots")
      const until = new Date(Date.now() + 10 * DAY)

      const { data } = await api.post(
        `/admin/loyalty/accounts/${silvia.id}/tier`,
        { tier_id: tiers.Gold.id, reason: "Press partner", until },
        admin
      )
      expect(data.change).toEqual(expect.objectContaining({ from: tiers.Silver.id, to: tiers.Gold.id, reason: "override" }))
      expect(data.account.tier.name).toBe("Gold")
      expect(new Date(data.account.tier_expires_at).getTime()).toBe(until.getTime())
      expect(data.override).toEqual({ tier_id: tiers.Gold.id, until: until.toISOString(), reason: "Press partner", by: expect.stringMatching(/^user_/) })
      const [row] = (await loyalty.listLoyaltyAccounts({ id: data.account.id })) as any[]
      expect(row).toEqual(expect.objectContaining({ tier_override_id: tiers.Gold.id, tier_override_reason: "Press partner", tier_override_by: adminId }))
      expect(await groupsOf(silvia.id)).toEqual([tiers.Gold.customer_group_id])
      // the admin's view of the account names the override on every read
      const shown = (await api.get(`/admin/loyalty/accounts/${silvia.id}?limit=1`, admin)).data.account
      expect(shown.tier_override).toEqual(data.override)

      const payment = await capturePayment(api, order.id, admin)
      await afterSubscribers(getContainer(), "payment.refunded", () =>
        api.post(`/admin/payments/${payment.id}/refund`, { amount: 400 }, admin)
      )
      expect((await me(silvia)).tier.name).toBe("Gold")
      await runDueTierEvaluation(getContainer(), { now: new Date(until.getTime() - 1000) })
      expect((await me(silvia)).tier.name).toBe("Gold")

      emitted.length = 0
      await runDueTierEvaluation(getContainer(), { now: new Date(until.getTime() + 1000) })
      // the refund started the earned tier's grace period: Silver until it ends
      const account = await me(silvia)
      expect(account.tier.name).toBe("Silver")
      expect(emitted.filter((e) => e.name === "loyalty.tier_changed").map((e) => e.data)).toEqual([
        expect.objectContaining({ from: tiers.Gold.id, to: tiers.Silver.id, reason: "override_ended" }),
      ])
      expect(await groupsOf(silvia.id)).toEqual([tiers.Silver.customer_group_id])

      // ending an override by hand
      await api.post(`/admin/loyalty/accounts/${silvia.id}/tier`, { tier_id: tiers.Gold.id, reason: "Again" }, admin)
      expect((await me(silvia)).tier.name).toBe("Gold")
      const { data: ended } = await api.delete(`/admin/loyalty/accounts/${silvia.id}/tier`, admin)
      expect(ended.account.tier.name).toBe("Silver")
      expect((await api.get(`/admin/loyalty/accounts/${silvia.id}?limit=1`, admin)).data.account.tier_override).toBeNull()
    })

    it("a member imported with Gold over HTTP, or given Silver by an admin's override, holds it at once: its group, its price and a notice naming the tier in the member's language", async () => {
      await api.post(
        `/admin/price-lists/${tiers.Gold.price_list_id}/prices/batch`,
        { create: [{ variant_id: shop.variants.socks, currency_code: "eur", amount: 25 }] },
        admin
      )
      const emitted = recordLoyaltyEvents(getContainer())
      const vera = await registerCustomer(api, shop.publishableKey, "vera@example.com")
      await getContainer().resolve(Modules.CUSTOMER).updateCustomers(vera.id, { metadata: { language: "fi" } })
      expect(await priceFor(vera.headers.headers, "socks")).toBe(40)

      const csv = "Email,Points balance,VIP tier\nvera@example.com,120,Gold\nnew.import@example.com,0,Silver\n"
      const { data } = await afterSubscribers<any>(
        getContainer(),
        "loyalty.tier_changed",
        () => api.post("/admin/loyalty/imports/members?source=smile", csv, { headers: { ...admin.headers, "content-type": "text/csv" } }),
        2
      )
      expect(data.import).toEqual(expect.objectContaining({ rows: 2, imported: 2, failed: 0, customers_created: 1 }))

      // no tiers:evaluate in between: the import put her in Gold
      expect((await me(vera)).tier.name).toBe("Gold")
      expect(await groupsOf(vera.id)).toEqual([tiers.Gold.customer_group_id])
      expect(await priceFor(vera.headers.headers, "socks")).toBe(25)
      expect(emitted.filter((e) => e.name === "loyalty.tier_changed" && e.data.customer_id === vera.id).map((e) => e.data)).toEqual([
        expect.objectContaining({ to: tiers.Gold.id }),
      ])
      const notices = await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ receiver_id: vera.id })
      expect(notices.filter((n: any) => n.trigger_type === "loyalty.tier_changed").map((n: any) => n.data.subject)).toEqual(["Tasosi on nyt Kulta"])
      const [created] = await getContainer().resolve(Modules.CUSTOMER).listCustomers({ email: "new.import@example.com" })
      expect(await groupsOf(created.id)).toEqual([tiers.Silver.customer_group_id])

      // an admin's override does the same at once: group, price and a notice in the member's language
      await api.post(
        `/admin/price-lists/${tiers.Silver.price_list_id}/prices/batch`,
        { create: [{ variant_id: shop.variants.socks, currency_code: "eur", amount: 32 }] },
        admin
      )
      const olli = await registerCustomer(api, shop.publishableKey, "olli@example.com")
      await getContainer().resolve(Modules.CUSTOMER).updateCustomers(olli.id, { metadata: { language: "fi" } })
      await afterSubscribers(getContainer(), "loyalty.tier_changed", () =>
        api.post(`/admin/loyalty/accounts/${olli.id}/tier`, { tier_id: tiers.Silver.id, reason: "Press" }, admin)
      )
      expect(await groupsOf(olli.id)).toEqual([tiers.Silver.customer_group_id])
      expect(await priceFor(olli.headers.headers, "socks")).toBe(32)
      const toOlli = await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ receiver_id: olli.id })
      expect(toOlli.filter((n: any) => n.trigger_type === "loyalty.tier_changed").map((n: any) => n.data.subject)).toEqual(["Tasosi on nyt Hopea"])

      // the same file again changes nothing and sends nothing
      emitted.length = 0
      const again = await api.post("/admin/loyalty/imports/members?source=smile", csv, { headers: { ...admin.headers, "content-type": "text/csv" } })
      expect(again.data.import).toEqual(expect.objectContaining({ imported: 0, already_imported: 2 }))
      expect(emitted.filter((e) => e.name === "loyalty.tier_changed")).toEqual([])
      // a file without an email column is refused, nothing imported
      await expect(
        api.post("/admin/loyalty/imports/members", "name,points\nx,1\n", { headers: { ...admin.headers, "content-type": "text/csv" } })
      ).rejects.toMatchObject({ response: { status: 400, data: { type: "invalid_data" } } })
    })

    it("an admin's adjustment moves the tier in the same request only when the program counts adjustments", async () => {
      await api.post("/admin/loyalty/program", { tiers: { metric: "points" } }, admin)
      const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
      await api.post(`/admin/loyalty/accounts/${aino.id}/adjustments`, { points: 400, reason: "Goodwill" }, admin)
      expect((await me(aino)).tier?.name ?? "Bronze").toBe("Bronze")

      await api.post("/admin/loyalty/program", { tiers: { metric: "points", count_adjustments: true } }, admin)
      const { data } = await api.post(`/admin/loyalty/accounts/${aino.id}/adjustments`, { points: 1, reason: "Goodwill" }, admin)
      expect(data.account.tier.name).toBe("Silver")
      expect(await groupsOf(aino.id)).toEqual([tiers.Silver.customer_group_id])
    })

    it("deleting a tier members hold moves them by re-evaluation", async () => {
      const goldie = await registerCustomer(api, shop.publishableKey, "goldie@example.com")
      await placeOrder(goldie, "coat")
      expect((await me(goldie)).tier.name).toBe("Gold")
      const { data } = await api.delete(`/admin/loyalty/tiers/${tiers.Gold.id}`, admin)
      expect(data.moved).toBe(1)
      expect((await me(goldie)).tier.name).toBe("Silver")
      expect(await groupsOf(goldie.id)).toEqual([tiers.Silver.customer_group_id])
    })

    it("an early-access product is invisible and refused at add-to-cart for Bronze, visible and buyable for Gold, and for everyone after until", async () => {
      const bruno = await registerCustomer(api, shop.publishableKey, "bruno@example.com")
      const goldie = await registerCustomer(api, shop.publishableKey, "goldie@example.com")
      await placeOrder(bruno, "socks")
      await placeOrder(goldie, "coat")
      const guest = { "x-publishable-api-key": shop.publishableKey }

      const { data } = await api.post(
        "/admin/loyalty/early-access",
        { product_id: shop.products.vip, tier_ids: [tiers.Gold.id], until: new Date(Date.now() + 7 * DAY) },
        admin
      )
      expect(data.early_access).toEqual(expect.objectContaining({ product_id: shop.products.vip, tier_ids: [tiers.Gold.id] }))
      const { data: running } = await api.get("/admin/loyalty/early-access", admin)
      expect(running.early_access).toEqual([expect.objectContaining({ product_id: shop.products.vip, tier_ids: [tiers.Gold.id] })])

      const listed = async (headers: Record<string, string>) => {
        const { data } = await api.get(`/store/products?limit=50`, { headers })
        return { ids: data.products.map((p: any) => p.id), count: data.count }
      }
      const addVip = async (customer: Customer) => {
        const cartId = await createCart(api, shop, customer.headers, [{ variant: "socks", quantity: 1 }])
        return api.post(`/store/carts/${cartId}/line-items`, { variant_id: shop.variants.vip, quantity: 1 }, customer.headers)
      }

      expect((await listed(bruno.headers.headers)).ids).not.toContain(shop.products.vip)
      expect((await listed(bruno.headers.headers)).count).toBe(3)
      expect((await listed(guest)).ids).not.toContain(shop.products.vip)
      expect((await failing(api.get(`/store/products/${shop.products.vip}`, bruno.headers))).status).toBe(404)
      expect((await failing(api.get(`/store/products/${shop.products.vip}`, { headers: guest }))).status).toBe(404)
      const refused = await failing(addVip(bruno))
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/early access/)
      const refusedAtCreate = await failing(
        api.post(
          "/store/carts",
          { region_id: shop.regionId, sales_channel_id: shop.salesChannelId, items: [{ variant_id: shop.variants.vip, quantity: 1 }] },
          bruno.headers
        )
      )
      expect(refusedAtCreate.status).toBe(400)

      expect((await listed(goldie.headers.headers)).ids).toContain(shop.products.vip)
      expect((await api.get(`/store/products/${shop.products.vip}`, goldie.headers)).data.product.id).toBe(shop.products.vip)
      const added = await addVip(goldie)
      expect(added.data.cart.items.map((i: any) => i.variant_id)).toContain(shop.variants.vip)

      // the early-access period over (its end moved into the past)
      await loyalty.setEarlyAccess({ product_id: shop.products.vip, tier_ids: [tiers.Gold.id], until: new Date(Date.now() - 1000) })
      expect((await listed(bruno.headers.headers)).ids).toContain(shop.products.vip)
      expect((await listed(guest)).ids).toContain(shop.products.vip)
      expect((await api.get("/admin/loyalty/early-access", admin)).data.count).toBe(0)
      expect((await addVip(bruno)).data.cart.items.map((i: any) => i.variant_id)).toContain(shop.variants.vip)
    })
  },
})

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { completeCart, createCart, seedShop, Shop } from "../fixtures/shop"
import { afterSubscribers, createAdmin, entriesOf, failing, Headers, recordLoyaltyEvents, registerCustomer } from "../helpers"

jest.setTimeout(240_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: Shop
    let loyalty: LoyaltyModuleService
    let admin: Headers
    let emitted: { name: string; data: any }[]

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
    const post = (customer: { headers: Headers }, product: string, body: Record<string, unknown>) =>
      api.post(`/store/products/${shop.products[product]}/reviews`, body, customer.headers)
    const reviewPoints = async (customerId: string) =>
      (await entriesOf(loyalty, customerId)).filter((e: any) => e.source_type === "review").reduce((sum: number, e: any) => sum + e.points, 0)
    const balance = async (customer: { headers: Headers }) => (await api.get("/store/loyalty/me", customer.headers)).data.account.points_balance

    it("review → approve → 20 cones, once per product per customer; reject after approve reverses them; the store lists approved reviews with a display name and the average", async () => {
      const aino = await register("aino@example.com")
      const start = await balance(aino)
      const { status, data } = await post(aino, "shoes", { rating: 5, title: "Warm", content: "Lovely slippers" })
      expect(status).toBe(201)
      expect(data.review).toEqual(expect.objectContaining({ status: "pending", rating: 5, display_name: "aino T.", verified_purchase: false }))
      expect(data.review.customer_id).toBeUndefined()

      // editing the pending review is allowed; the store shows nothing yet
      await post(aino, "shoes", { rating: 4, title: "Warm", content: "Lovely slippers, a bit small" })
      expect((await api.get(`/store/products/${shop.products.shoes}/reviews`, store())).data).toEqual(
        expect.objectContaining({ reviews: [], count: 0, average_rating: null })
      )

      const queue = await api.get("/admin/reviews?status=pending", admin)
      expect(queue.data.reviews).toHaveLength(1)
      const id = queue.data.reviews[0].id
      expect(queue.data.reviews[0].content).toBe("Lovely slippers, a bit small")

      const approved = await api.post(`/admin/reviews/${id}/approve`, {}, admin)
      expect(approved.data.review.status).toBe("approved")
      expect(await balance(aino)).toBe(start + 20)
      expect(emitted.filter((e) => e.name === "loyalty.review_approved")).toEqual([
        { name: "loyalty.review_approved", data: expect.objectContaining({ review_id: id, customer_id: aino.id, points: 20 }) },
      ])
      // approving twice: 409, nothing more
      expect((await failing(api.post(`/admin/reviews/${id}/approve`, {}, admin))).status).toBe(409)
      // a decided review cannot be edited
      expect((await failing(post(aino, "shoes", { rating: 1, title: "x", content: "y" }))).status).toBe(409)

      const listed = await api.get(`/store/products/${shop.products.shoes}/reviews`, store())
      expect(listed.data.count).toBe(1)
      expect(listed.data.average_rating).toBe(4)
      expect(listed.data.reviews[0]).toEqual({
        id,
        rating: 4,
        title: "Warm",
        content: "Lovely slippers, a bit small",
        display_name: "aino T.",
        verified_purchase: false,
        created_at: expect.any(String),
      })

      // reject after approve: reversed through the ledger
      const rejected = await api.post(`/admin/reviews/${id}/reject`, { reason: "Not about the product" }, admin)
      expect(rejected.data.review.status).toBe("rejected")
      expect(rejected.data.reversed_points).toBe(20)
      expect(await balance(aino)).toBe(start)
      expect((await failing(api.post(`/admin/reviews/${id}/reject`, { reason: "again" }, admin))).status).toBe(409)
      expect((await api.get(`/store/products/${shop.products.shoes}/reviews`, store())).data.count).toBe(0)

      // deleted, then a second review of the same product approved: 0 more cones
      await api.delete(`/admin/reviews/${id}`, admin)
      const second = await post(aino, "shoes", { rating: 5, title: "Second try", content: "Still warm" })
      await api.post(`/admin/reviews/${second.data.review.id}/approve`, {}, admin)
      expect(await reviewPoints(aino.id)).toBe(0)
      expect(await balance(aino)).toBe(start)

      // another product earns its own 20; deleting an approved review reverses them
      const coffee = await post(aino, "coffee", { rating: 3, title: "Fine", content: "Fine coffee" })
      await api.post(`/admin/reviews/${coffee.data.review.id}/approve`, {}, admin)
      expect(await balance(aino)).toBe(start + 20)
      const deleted = await api.delete(`/admin/reviews/${coffee.data.review.id}`, admin)
      expect(deleted.data).toEqual({ id: coffee.data.review.id, object: "review", deleted: true, reversed_points: 20 })
      expect(await balance(aino)).toBe(start)

      const report = await loyalty.reconcile()
      expect(report.drifts).toEqual([])
    })

    it("verified_purchase is true for a customer who ordered the product, false for one who did not; auto-approval awards at once", async () => {
      await loyalty.updateProgramSettings({ earning: { review_auto_approve: true } })
      const buyer = await register("buyer@example.com")
      const other = await register("other@example.com")
      const cartId = await createCart(api, shop, buyer.headers, [{ variant: "shoes", quantity: 1 }])
      const placed = await afterSubscribers(getContainer(), "order.placed", () => completeCart(api, cartId, buyer.headers))
      expect(placed.type).toBe("order")

      const bought = await post(buyer, "shoes", { rating: 5, title: "Bought it", content: "Warm feet" })
      expect(bought.data.review).toEqual(expect.objectContaining({ verified_purchase: true, status: "approved" }))
      expect(await reviewPoints(buyer.id)).toBe(20)
      const notBought = await post(other, "shoes", { rating: 2, title: "Never had one", content: "Looks cold" })
      expect(notBought.data.review).toEqual(expect.objectContaining({ verified_purchase: false, status: "approved" }))
      const listed = await api.get(`/store/products/${shop.products.shoes}/reviews?order=-rating&limit=1`, store())
      expect(listed.data).toEqual(expect.objectContaining({ count: 2, average_rating: 3.5, limit: 1 }))
      expect(listed.data.reviews.map((r: any) => r.rating)).toEqual([5])
    })

    it("HTML is stored as text, 6 000 characters of content or a rating of 6 is a 400 naming the field, and who may call what", async () => {
      const aino = await register("aino@example.com")
      const html = await post(aino, "shoes", {
        rating: 5,
        title: "<b>Great</b> <script>alert(1)</script>slippers",
        content: "<p>Soft &amp; warm</p><img src=x onerror=alert(1)>\u0007",
      })
      expect(html.data.review).toEqual(expect.objectContaining({ title: "Great slippers", content: "Soft & warm" }))

      const long = await failing(post(aino, "coffee", { rating: 5, title: "Long", content: "x".repeat(6000) }))
      expect(long.status).toBe(400)
      expect(long.data).toEqual({ type: "invalid_data", message: expect.stringMatching(/field 'content' too big, expected at most: '5000'/) })
      const stars = await failing(post(aino, "coffee", { rating: 6, title: "Six", content: "Stars" }))
      expect(stars.status).toBe(400)
      expect(stars.data.message).toContain("rating")
      expect((await failing(post(aino, "coffee", { rating: 5, title: "<b></b>", content: "ok" }))).data.message).toContain("title")
      const unknown = await failing(api.post(`/store/products/prod_nope/reviews`, { rating: 5, title: "a", content: "b" }, aino.headers))
      expect(unknown.status).toBe(404)

      // store posting needs a logged-in customer; admin routes refuse customers and anonymous callers
      expect((await failing(api.post(`/store/products/${shop.products.shoes}/reviews`, { rating: 5, title: "a", content: "b" }, store()))).status).toBe(401)
      expect((await failing(api.get("/admin/reviews", aino.headers))).status).toBe(401)
      expect((await failing(api.get("/admin/reviews"))).status).toBe(401)
      expect((await failing(api.post(`/admin/reviews/${html.data.review.id}/approve`, {}, aino.headers))).status).toBe(401)
      const searched = await api.get(`/admin/reviews?q=${encodeURIComponent("Soft &")}&product_id=${shop.products.shoes}`, admin)
      expect(searched.data.reviews.map((r: any) => r.id)).toEqual([html.data.review.id])
      expect((await api.get("/admin/reviews?q=%25", admin)).data.reviews).toEqual([])
    })
  },
})

import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createCart, seedShop, Shop } from "../fixtures/shop"
import { createAdmin, Headers, registerCustomer } from "../helpers"

jest.setTimeout(240_000)

/**
 * The question tier pricing stands on (medusajs/medusa#16822): does a price
 * list restricted by the rule `customer.groups.id` apply in Medusa 2.21 to a
 * logged-in customer of that group, on the store's product route? Asked
 * through Medusa's own admin and store API only, with no Kapy code involved.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: Shop
    let admin: Headers

    beforeEach(async () => {
      shop = await seedShop(getContainer(), [{ handle: "shoes", title: "Felt slippers", price: 40 }])
      admin = (await createAdmin(api, getContainer())).headers
    })

    it("a customer-group price list applies to a member of the group on GET /store/products/:id and in their cart, and not to anyone else", async () => {
      const gold = await registerCustomer(api, shop.publishableKey, "gold@example.com")
      const bronze = await registerCustomer(api, shop.publishableKey, "bronze@example.com")

      const { data: groupData } = await api.post("/admin/customer-groups", { name: "Gold" }, admin)
      const groupId = groupData.customer_group.id
      await api.post(`/admin/customer-groups/${groupId}/customers`, { add: [gold.id] }, admin)
      await api.post(
        "/admin/price-lists",
        {
          title: "Gold prices",
          description: "Gold members",
          type: "sale",
          status: "active",
          rules: { "customer.groups.id": [groupId] },
          prices: [{ variant_id: shop.variants.shoes, currency_code: "eur", amount: 30 }],
        },
        admin
      )

      const priceFor = async (headers: Record<string, string>) => {
        const { data } = await api.get(
          `/store/products/${shop.products.shoes}?region_id=${shop.regionId}&fields=*variants.calculated_price`,
          { headers }
        )
        return data.product.variants[0].calculated_price.calculated_amount
      }
      expect(await priceFor(gold.headers.headers)).toBe(30)
      expect(await priceFor(bronze.headers.headers)).toBe(40)
      expect(await priceFor({ "x-publishable-api-key": shop.publishableKey })).toBe(40)

      // and at checkout: the logged-in member's new cart is priced from the list
      const unitPrice = async (customer: { headers: Headers }) => {
        const cartId = await createCart(api, shop, customer.headers, [{ variant: "shoes", quantity: 1 }])
        const { data } = await api.get(`/store/carts/${cartId}?fields=*items`, customer.headers)
        return data.cart.items[0].unit_price
      }
      expect(await unitPrice(gold)).toBe(30)
      expect(await unitPrice(bronze)).toBe(40)
    })
  },
})

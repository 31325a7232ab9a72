import { shopifyCustomerHasAccount } from "../shopify-customers"

describe("Shopify customers: welcomed once they have an account", () => {
  it("an enabled customer has an account (REST state or GraphQL CustomerState)", () => {
    expect(shopifyCustomerHasAccount("enabled")).toBe(true)
    expect(shopifyCustomerHasAccount("ENABLED")).toBe(true)
  })

  it("a guest, an import, an invitation not accepted or a declined one has none", () => {
    for (const state of ["disabled", "invited", "declined", "DISABLED", null, undefined, ""]) {
      expect(shopifyCustomerHasAccount(state)).toBe(false)
    }
  })
})

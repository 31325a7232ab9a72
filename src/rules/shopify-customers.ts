/**
 * Shopify customers in the program's terms. The rule book:
 *
 * 1. A Shopify customer is welcomed (the signup bonus, a referral they came
 *    with) only once they have an account on the shop: `state` "enabled".
 *    A guest of a checkout, an imported customer, an invited one who has
 *    not accepted, a declined one or a disabled account has none
 *    ("disabled", "invited", "declined"): no bonus. When `customers/update`
 *    shows the account enabled, the welcome comes then, once per member.
 */

export type ShopifyCustomerState = "enabled" | "disabled" | "invited" | "declined"

/**
 * Whether a Shopify customer has an account (rule 1), from the REST
 * payload's `state` or the GraphQL `CustomerState` (`ENABLED`).
 *
 * @example
 * shopifyCustomerHasAccount("enabled") // true
 * shopifyCustomerHasAccount("disabled") // false: a guest or an import
 */
export function shopifyCustomerHasAccount(state: unknown): boolean {
  return String(state ?? "").toLowerCase() === "enabled"
}

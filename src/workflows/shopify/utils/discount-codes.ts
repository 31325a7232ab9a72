import type { ShopifyAdminClient } from "../../../modules/shopify/admin-client"
import { customerGid, DISCOUNT_CODE_BASIC_CREATE } from "./graphql"

export type CustomerCodeInput = {
  title: string
  code: string
  shopify_customer_id: string
  /** The amount off the order, a Decimal string in the shop's currency. */
  amount: string
  /** ISO 8601; none: the code does not expire. */
  ends_at?: string | null
  /** The order's least subtotal, a Decimal string; none: any order. */
  min_subtotal?: string | null
  /**
   * Whether it combines with other order discounts — the tier's automatic
   * discount is one (`combinesWith.orderDiscounts`; Shopify combines two
   * order discounts only when both allow it). Cone codes do; a friend's
   * welcome code does not.
   */
  combines_with_order_discounts?: boolean
}

/**
 * Creates a single-use amount-off code on Shopify for exactly one customer
 * (`discountCodeBasicCreate`: customer context, `usageLimit: 1`, once per
 * customer, combining with product and shipping discounts, and with other
 * order discounts when `combines_with_order_discounts`) and answers its discount id. Throws when Shopify
 * refuses it (naming its user errors) or cannot be reached.
 */
export async function createCustomerDiscountCode(admin: ShopifyAdminClient, input: CustomerCodeInput): Promise<string> {
  const { data } = await admin.request<any>(DISCOUNT_CODE_BASIC_CREATE, {
    basicCodeDiscount: {
      title: input.title,
      code: input.code,
      startsAt: new Date().toISOString(),
      ...(input.ends_at ? { endsAt: input.ends_at } : {}),
      context: { customers: { add: [customerGid(input.shopify_customer_id)] } },
      customerGets: {
        value: { discountAmount: { amount: input.amount, appliesOnEachItem: false } },
        items: { all: true },
      },
      ...(input.min_subtotal ? { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: input.min_subtotal } } } : {}),
      usageLimit: 1,
      appliesOncePerCustomer: true,
      combinesWith: { orderDiscounts: input.combines_with_order_discounts === true, productDiscounts: true, shippingDiscounts: true },
    },
  })
  const payload = data?.discountCodeBasicCreate
  if (!payload?.codeDiscountNode?.id || payload.userErrors?.length) {
    throw new Error(
      `Shopify refused the discount code: ${(payload?.userErrors ?? []).map((e: any) => e.message).join("; ") || "no discount returned"}`
    )
  }
  return payload.codeDiscountNode.id
}

import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ProgramSettings } from "../../../modules/loyalty/program/program-settings"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { RedemptionRules } from "../../../rules/redemption"
import { LOYALTY_CREDIT_LINE_REFERENCE } from "../../../types/loyalty"

export const CART_REDEMPTION_FIELDS = [
  "id",
  "customer_id",
  "currency_code",
  "completed_at",
  "total",
  "credit_lines.id",
  "credit_lines.amount",
  "credit_lines.reference",
  "credit_lines.reference_id",
  "credit_lines.metadata",
]

/**
 * What a points credit line records beside its amount: the points and the
 * customer who applied them. The line's `reference_id` is the loyalty
 * account that pays at completion, and only while it is the cart
 * customer's.
 */
export type PointsLineMetadata = { points: number; customer_id: string }

export type RedemptionCart = {
  id: string
  customer_id?: string | null
  currency_code: string
  completed_at?: Date | string | null
  total: any
  credit_lines?: {
    id: string
    amount: any
    reference?: string | null
    reference_id?: string | null
    metadata?: Record<string, any> | null
  }[]
}

export function redemptionRules(settings: ProgramSettings, currencyCode: string): RedemptionRules {
  return {
    rate: settings.redemption.rates[currencyCode.toLowerCase()],
    min_points: settings.redemption.min_points,
    step_points: settings.redemption.step_points,
    max_cart_share_percent: settings.redemption.max_cart_share_percent,
  }
}

/** The cart's points credit lines (at most one is kept, but a race may leave two). */
export function pointsCreditLines(cart: RedemptionCart) {
  return (cart.credit_lines ?? []).filter((l) => l?.reference === LOYALTY_CREDIT_LINE_REFERENCE)
}

/** Points paid by the cart's points credit lines. */
export function redeemedPoints(cart: RedemptionCart) {
  return pointsCreditLines(cart).reduce((sum, l) => sum + Number(l.metadata?.points ?? 0), 0)
}

/** What the cart costs before its points credit: what points may pay a share of. */
export function payableBeforePoints(cart: RedemptionCart) {
  return pointsCreditLines(cart).reduce((sum, l) => MathBN.add(sum, l.amount), MathBN.convert(cart.total))
}

/**
 * The loyalty account the cart's points lines were applied from (their
 * `reference_id`), or null when the lines disagree or name none.
 */
export function payingAccountId(cart: Pick<RedemptionCart, "credit_lines">): string | null {
  const ids = new Set(pointsCreditLines(cart as RedemptionCart).map((l) => l.reference_id ?? null))
  const [only] = [...ids]
  return ids.size === 1 && only ? only : null
}

/**
 * Whether the cart's points are paid by its own customer's account. A cart
 * taken over by someone else (Medusa's `POST /store/carts/:id/customer`)
 * must neither charge the new customer for the old one's choice nor the
 * old one for a cart they no longer own. Reads only.
 */
export async function pointsLinesBelongToCartCustomer(container: MedusaContainer, cart: RedemptionCart) {
  const paying = payingAccountId(cart)
  if (!paying || !cart.customer_id) {
    return false
  }
  const account = await container
    .resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    .retrieveMember({ customer_id: cart.customer_id })
  return account?.id === paying
}

/**
 * The customer's own open cart, or NOT_FOUND: a cart id alone is no
 * permission, and another customer's cart does not exist for this caller.
 */
export function assertOwnOpenCart(cart: RedemptionCart | undefined, cartId: string, customerId: string) {
  if (!cart || cart.customer_id !== customerId) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart with id: ${cartId} was not found`)
  }
  if (cart.completed_at) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Cart ${cartId} is already completed`)
  }
}

/**
 * The points payment of the cart an order was placed from, as the ledger
 * records it (null when the order paid with no points). `fields` adds
 * order fields the caller needs.
 */
export async function orderRedemption(container: MedusaContainer, orderId: string, fields: string[] = []) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({ entity: "order", fields: ["id", "cart.id", ...fields], filters: { id: orderId } })
  const cartId = (order as any)?.cart?.id
  const redemption = cartId
    ? await container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE).findCartRedemption(cartId)
    : null
  return { order: order as any, redemption }
}

export async function programFor(container: MedusaContainer) {
  return await container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE).retrieveProgramSettings()
}

/**
 * What the redemption rules judge a points payment on: the customer's own
 * open cart (else NOT_FOUND), the program's rules in its currency, the
 * member's available points (0 without an account) and what the cart costs
 * before points. Reads only.
 */
export async function cartRedemptionFacts(
  container: MedusaContainer,
  input: { cart: RedemptionCart | undefined; cart_id: string; customer_id: string }
) {
  assertOwnOpenCart(input.cart, input.cart_id, input.customer_id)
  const cart = input.cart!
  const rules = redemptionRules(await programFor(container), cart.currency_code)
  const account = await container
    .resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    .retrieveMember({ customer_id: input.customer_id })
  return {
    cart,
    account,
    facts: { available: account?.points_balance ?? 0, payable: payableBeforePoints(cart), rules },
  }
}

import type { MedusaContainer } from "@medusajs/framework/types"
import { MathBN, MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type { ProgramSettings } from "../../../modules/loyalty/program-settings"
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

/**
 * The cart's redemption that stands (not given back by a failed checkout),
 * and the idempotency key for taking its points: the standing entry's own
 * key, so completing a placed order's cart again takes nothing more; or a
 * new one per attempt after failed checkouts, whose redemptions were all
 * reversed by their compensation.
 */
export async function cartRedemption(container: MedusaContainer, cartId: string) {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const spent = await loyalty.listLoyaltyEntries(
    { source_type: "cart", source_id: cartId, reason: "redemption" },
    { order: { created_at: "ASC" } }
  )
  const reversals = spent.length
    ? await loyalty.listLoyaltyEntries({ origin_entry_id: spent.map((e) => e.id), reason: "reversal" })
    : []
  const reversed = (id: string) =>
    reversals.filter((r) => r.origin_entry_id === id).reduce((sum, r) => sum + r.points, 0)
  const standing = spent.find((e) => reversed(e.id) < -e.points) ?? null
  return {
    standing,
    key: standing?.idempotency_key ?? `redemption:${cartId}:${spent.length + 1}`,
  }
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

export async function programFor(container: MedusaContainer) {
  return await container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE).retrieveProgramSettings()
}

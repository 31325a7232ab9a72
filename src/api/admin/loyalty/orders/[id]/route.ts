import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MathBN, MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import { orderRedemption } from "../../../../../workflows/redemption/utils/cart-redemption"
import { ADMIN_ENTRY_FIELDS } from "../../../../utils/loyalty-views"

/** An order's ledger entries shown at most (an order has a handful: earn, release, reversals, spend, returns). */
const ORDER_ENTRIES_LIMIT = 100

/**
 * What the ledger says of one order, for the admin's order page: its
 * earning (pending until a date, or released; how much is reversed), the
 * cones it was paid with and how many were given back, every entry behind
 * them (oldest first), and whether the admin may give cones back (the
 * program's refund policy is `manual` and the order has a refund). Reads
 * only.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const orderId = req.params.id
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const [{ order, redemption }, earning, settings] = await Promise.all([
    orderRedemption(req.scope, orderId, ["payment_collections.refunded_amount"]),
    loyalty.findOrderEarning(orderId),
    loyalty.retrieveProgramSettings(),
  ])
  if (!order) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id: ${orderId} was not found`)
  }
  const cartId: string | undefined = order.cart?.id
  const origins = [earning?.entry.id, redemption?.entry.id].filter((id): id is string => !!id)
  const { data: entries } = await query.graph({
    entity: "loyalty_entry",
    fields: ADMIN_ENTRY_FIELDS,
    filters: {
      $or: [
        { source_type: "order", source_id: orderId },
        ...(cartId ? [{ source_type: "cart", source_id: cartId }] : []),
        ...(origins.length ? [{ origin_entry_id: origins }] : []),
      ],
    } as Record<string, unknown>,
    pagination: { take: ORDER_ENTRIES_LIMIT, skip: 0, order: { created_at: "ASC", id: "ASC" } },
  })
  const [lot] = earning ? await loyalty.listLoyaltyLots({ entry_id: earning.entry.id }, { take: 1 }) : []
  const released = earning ? entries.find((e: any) => e.reason === "release" && e.origin_entry_id === earning.entry.id) ?? null : null
  const refunded = (order.payment_collections ?? []).some((pc: any) => pc && MathBN.gt(pc.refunded_amount ?? 0, 0))
  res.json({
    loyalty: {
      order_id: orderId,
      refund_policy: settings.redemption.refund_policy,
      refunded,
      earned: earning
        ? {
            entry: earning.entry,
            points: earning.points,
            reversed: earning.reversed,
            released,
            pending_until: !released && earning.entry.pending_delta > 0 ? lot?.available_at ?? null : null,
          }
        : null,
      redeemed: redemption ? { entry: redemption.entry, points: redemption.points, returned: redemption.returned } : null,
      entries,
    },
  })
}

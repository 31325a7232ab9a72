import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { orderEarnsStamp } from "../../../rules/stamps"

export const prepareOrderStampsStepId = "kapy-prepare-order-stamps"

/**
 * Which active stamp cards an order earns a stamp on (src/rules/stamps.ts),
 * from the order's item total and its items' products, collections and
 * categories. Null for a guest order or when no card applies. Reads only.
 *
 * @example
 * const plan = prepareOrderStampsStep({ order_id: "order_123" })
 */
export const prepareOrderStampsStep = createStep(prepareOrderStampsStepId, async (input: { order_id: string }, { container }) => {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const cards = await loyalty.listStampCards({ active: true })
  if (!cards.length) {
    return new StepResponse(null)
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "customer_id", "currency_code", "item_total", "items.product_id", "items.product.collection_id", "items.product.categories.id"],
    filters: { id: input.order_id },
  })
  const order = data[0] as any
  if (!order?.customer_id) {
    return new StepResponse(null)
  }
  const stampOrder = {
    currency_code: order.currency_code,
    item_total: Number(order.item_total ?? 0),
    items: (order.items ?? []).map((item: any) => ({
      product_id: item?.product_id ?? null,
      collection_id: item?.product?.collection_id ?? null,
      category_ids: (item?.product?.categories ?? []).map((c: any) => c.id),
    })),
  }
  const cardIds = cards.filter((card) => orderEarnsStamp(card, stampOrder)).map((card) => card.id)
  return new StepResponse(cardIds.length ? { customer_id: order.customer_id as string, order_id: order.id as string, card_ids: cardIds } : null)
})

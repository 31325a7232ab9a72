import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { buildOrderQualification, OrderQualification, orderQualificationKey } from "../utils/order-qualification"

/**
 * Records what one placed order counts toward its customer's tier, once
 * per order: null when it counts for nothing, else its member and the key
 * of the record when this call made it (an earlier run's stays).
 */
async function recordPlacedOrder(
  container: MedusaContainer,
  orderId: string,
  customerId?: string,
  known?: OrderQualification
) {
  const qualification = known ?? (await buildOrderQualification(container, orderId, customerId))
  if (!qualification) {
    return null
  }
  const key = orderQualificationKey(qualification.order_id)
  const { recorded } = await container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE).recordTierQualification({
    member: { customer_id: qualification.customer_id },
    kind: "placed",
    source_type: "order",
    source_id: qualification.order_id,
    idempotency_key: key,
    amount: qualification.amount,
    currency_code: qualification.currency_code,
    orders: 1,
    occurred_at: qualification.placed_at,
  })
  return { customer_id: qualification.customer_id, recorded: recorded ? key : null }
}

/** Compensation: the records this run made go (an earlier run's stay). */
async function discardRecorded(keys: string[] | undefined, { container }: { container: MedusaContainer }) {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  for (const key of keys ?? []) {
    await loyalty.discardTierQualification(key)
  }
}

export const recordOrderQualificationStepId = "kapy-record-order-qualification"

/**
 * Records what a placed order counts toward its customer's tier (its item
 * total, converted at the program's tier rates), once per order. Returns
 * the member to evaluate, or null when the order counts for nothing. A
 * later failure removes the record (unless an earlier run made it). With
 * `qualification` (read with the order's earn), the order is not read again.
 *
 * @example
 * const member = recordOrderQualificationStep({ order_id: "order_123" })
 */
export const recordOrderQualificationStep = createStep(
  recordOrderQualificationStepId,
  async (input: { order_id: string; customer_id?: string; qualification?: OrderQualification }, { container }) => {
    const placed = await recordPlacedOrder(container, input.order_id, input.customer_id, input.qualification)
    return new StepResponse(
      placed ? { customer_id: placed.customer_id } : null,
      placed?.recorded ? [placed.recorded] : []
    )
  },
  discardRecorded
)

export const recordOrdersQualificationStepId = "kapy-record-orders-qualification"

/**
 * `recordOrderQualificationStep` for several orders of one customer (the
 * guest orders a new member claims). Returns the member to evaluate, or
 * null when none of the orders counts.
 *
 * @example
 * const member = recordOrdersQualificationStep({ order_ids: ["order_1", "order_2"], customer_id: "cus_123" })
 */
export const recordOrdersQualificationStep = createStep(
  recordOrdersQualificationStepId,
  async (input: { order_ids: string[]; customer_id: string }, { container }) => {
    const recorded: string[] = []
    let counted = false
    for (const orderId of input.order_ids) {
      const placed = await recordPlacedOrder(container, orderId, input.customer_id)
      counted ||= placed !== null
      if (placed?.recorded) {
        recorded.push(placed.recorded)
      }
    }
    return new StepResponse(counted ? { customer_id: input.customer_id } : null, recorded)
  },
  discardRecorded
)

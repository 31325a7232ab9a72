import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { buildOrderQualification, orderQualificationKey } from "../utils/order-qualification"

export const recordOrderQualificationStepId = "kapy-record-order-qualification"

/**
 * Records what a placed order counts toward its customer's tier (its item
 * total, converted at the program's tier rates), once per order. Returns
 * the member to evaluate, or null when the order counts for nothing. A
 * later failure removes the record (unless an earlier run made it).
 *
 * @example
 * const member = recordOrderQualificationStep({ order_id: "order_123" })
 */
export const recordOrderQualificationStep = createStep(
  recordOrderQualificationStepId,
  async (input: { order_id: string; customer_id?: string }, { container }) => {
    const qualification = await buildOrderQualification(container, input.order_id, input.customer_id)
    if (!qualification) {
      return new StepResponse(null, null)
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const key = orderQualificationKey(qualification.order_id)
    const { recorded } = await loyalty.recordTierQualification({
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
    return new StepResponse({ customer_id: qualification.customer_id }, recorded ? key : null)
  },
  async (key, { container }) => {
    if (key) {
      await container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE).discardTierQualification(key)
    }
  }
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
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const recorded: string[] = []
    let counted = false
    for (const orderId of input.order_ids) {
      const qualification = await buildOrderQualification(container, orderId, input.customer_id)
      if (!qualification) {
        continue
      }
      counted = true
      const key = orderQualificationKey(qualification.order_id)
      const result = await loyalty.recordTierQualification({
        member: { customer_id: input.customer_id },
        kind: "placed",
        source_type: "order",
        source_id: qualification.order_id,
        idempotency_key: key,
        amount: qualification.amount,
        currency_code: qualification.currency_code,
        orders: 1,
        occurred_at: qualification.placed_at,
      })
      if (result.recorded) {
        recorded.push(key)
      }
    }
    return new StepResponse(counted ? { customer_id: input.customer_id } : null, recorded)
  },
  async (keys, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    for (const key of keys ?? []) {
      await loyalty.discardTierQualification(key)
    }
  }
)

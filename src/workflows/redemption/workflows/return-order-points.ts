import { MedusaError } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { LedgerActor } from "../../../types/loyalty"
import { orderRedemption } from "../utils/cart-redemption"

const returnOrderPointsStep = createStep(
  "kapy-return-order-points",
  async (
    input: { order_id: string; points: number; idempotency_key: string; note?: string | null } & LedgerActor,
    { container }
  ) => {
    const { order, redemption } = await orderRedemption(container, input.order_id)
    if (!order) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id: ${input.order_id} was not found`)
    }
    if (!redemption) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Order ${input.order_id} was not paid with points`)
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const result = await loyalty.reversePoints({
      entry_id: redemption.entry.id,
      points: input.points,
      idempotency_key: input.idempotency_key,
      source_type: "order",
      source_id: input.order_id,
      note: input.note ?? "Points returned with a refund",
      actor_type: input.actor_type,
      actor_id: input.actor_id,
    })
    return new StepResponse(result)
  }
)

/**
 * An admin gives back some of the points an order was paid with — the
 * choice per refund when the program's `redemption.refund_policy` is
 * "manual". Never more than were spent (409 beyond).
 *
 * @example
 * await returnOrderPointsWorkflow(container).run({
 *   input: { order_id: "order_123", points: 500, idempotency_key: "refund-1", actor_type: "user", actor_id: "user_1" },
 * })
 */
export const returnOrderPointsWorkflow = createWorkflow(
  "kapy-return-order-points",
  (input: { order_id: string; points: number; idempotency_key: string; note?: string | null } & LedgerActor) =>
    new WorkflowResponse(returnOrderPointsStep(input))
)

import { createPromotionsWorkflow, emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { LoyaltyEvents } from "../../earning/utils/events"
import { attachStampRewardsStep } from "../steps/attach-stamp-rewards"
import { prepareOrderStampsStep } from "../steps/prepare-order-stamps"
import { prepareStampRewardsStep } from "../steps/prepare-stamp-rewards"
import { recordOrderStampsStep } from "../steps/record-order-stamps"

export const awardOrderStampsWorkflowId = "kapy-award-order-stamps"

/**
 * A placed order stamps the member's cards it qualifies for, once per card
 * and order (`order.placed` delivered twice stamps once); a card that is
 * full gives its reward once, a single-use promotion code made with
 * Medusa's promotion workflow, and `loyalty.stamp_card_completed`. A
 * reward that could not be made then is made by the member's next run.
 *
 * @example
 * await awardOrderStampsWorkflow(container).run({ input: { order_id: "order_123" } })
 */
export const awardOrderStampsWorkflow = createWorkflow(awardOrderStampsWorkflowId, (input: { order_id: string }) => {
  const plan = prepareOrderStampsStep(input)
  const completions = recordOrderStampsStep(plan)
  const rewards = prepareStampRewardsStep(
    transform({ plan, completions }, ({ plan, completions }) => ({ completions, customer_id: plan?.customer_id ?? null }))
  )
  const completed = when("kapy-stamp-cards-filled", { rewards }, ({ rewards }) => rewards.promotions.length > 0).then(() => {
    const promotions = createPromotionsWorkflow.runAsStep({
      input: transform({ rewards }, ({ rewards }) => ({ promotionsData: rewards.promotions })),
    })
    const payloads = attachStampRewardsStep(
      transform({ rewards, promotions, plan }, ({ rewards, promotions, plan }) => ({
        completions: rewards.completions,
        promotions,
        customer_id: plan?.customer_id ?? null,
      }))
    )
    emitEventStep({ eventName: LoyaltyEvents.STAMP_CARD_COMPLETED, data: payloads }).config({ name: "kapy-emit-stamp-card-completed" })
    return payloads
  })
  return new WorkflowResponse(transform({ completed }, ({ completed }) => completed ?? []))
})

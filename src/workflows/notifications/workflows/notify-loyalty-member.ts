import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { prepareLoyaltyNotificationStep } from "../steps/prepare-loyalty-notification"
import { sendLoyaltyNotificationStep } from "../steps/send-loyalty-notification"

export const notifyLoyaltyMemberWorkflowId = "kapy-notify-loyalty-member"

/**
 * Tells the member about a loyalty event (points earned, released,
 * redeemed, tier changed, referral completed, claim approved, points
 * expiring, stamp card completed) in their language, through Medusa's
 * Notification Module; at most once per event, marketing kinds only with
 * consent, each kind switchable in `notifications.kinds`.
 *
 * @example
 * await notifyLoyaltyMemberWorkflow(container).run({ input: { event_name: "loyalty.points_earned", data } })
 */
export const notifyLoyaltyMemberWorkflow = createWorkflow(
  notifyLoyaltyMemberWorkflowId,
  (input: { event_name: string; data: Record<string, any> }) => {
    const prepared = prepareLoyaltyNotificationStep(input)
    return new WorkflowResponse(sendLoyaltyNotificationStep(prepared))
  }
)

import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { approveReferralStep } from "../steps/approve-referral"
import { retrieveReferralStep } from "../steps/retrieve-referral"
import { issueReferralFriendRewardWorkflow } from "./issue-referral-friend-reward"

export const approveReferralWorkflowId = "kapy-approve-referral"

/**
 * An admin overrules a rejected referral with a note: it stands again,
 * the friend gets the welcome reward they did not get, and the referrer is
 * rewarded when the friend's qualifying order passes its pending period.
 *
 * @example
 * await approveReferralWorkflow(container).run({
 *   input: { referral_id: "kref_123", note: "Siblings sharing a home", actor_id: "user_123" },
 * })
 */
export const approveReferralWorkflow = createWorkflow(
  approveReferralWorkflowId,
  (input: { referral_id: string; note: string; actor_id?: string | null }) => {
    const approved = approveReferralStep(input)
    issueReferralFriendRewardWorkflow.runAsStep({
      input: transform({ approved }, ({ approved }) => ({ referral_id: approved.id })),
    })
    return new WorkflowResponse(retrieveReferralStep({ referral_id: input.referral_id }))
  }
)

import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { gatherReferralFactsStep } from "../steps/gather-referral-facts"
import { recordReferralStep } from "../steps/record-referral"
import { retrieveReferralStep } from "../steps/retrieve-referral"
import { issueReferralFriendRewardWorkflow } from "./issue-referral-friend-reward"

export const applyReferralCodeWorkflowId = "kapy-apply-referral-code"

/**
 * A logged-in customer applies a friend's referral code: the facts about
 * both are gathered, the fraud rules decide, the referral is recorded
 * (rejected ones too, with the reason) and, when it stands, the friend gets
 * their welcome reward. Applying the same code again changes nothing; a
 * different code after one was applied is a 409.
 *
 * @example
 * const { result } = await applyReferralCodeWorkflow(container).run({
 *   input: { customer_id: "cus_123", code: "K7P2MX9Q", ip_hash: "…" },
 * })
 */
export const applyReferralCodeWorkflow = createWorkflow(
  applyReferralCodeWorkflowId,
  (input: { customer_id: string; code: string; ip_hash?: string | null }) => {
    const facts = gatherReferralFactsStep(input)
    const recorded = recordReferralStep(
      transform({ input, facts }, ({ input, facts }) => ({
        friend: { customer_id: input.customer_id },
        code: input.code,
        ip_hash: input.ip_hash ?? null,
        friend_facts: facts.friend_facts,
        referrer_facts: facts.referrer_facts,
      }))
    )
    when("kapy-referral-stands", { recorded }, ({ recorded }) => recorded.referral.status === "pending" && !recorded.referral.friend_reward).then(
      () => {
        issueReferralFriendRewardWorkflow.runAsStep({
          input: transform({ recorded }, ({ recorded }) => ({ referral_id: recorded.referral.id })),
        })
      }
    )
    const referral = retrieveReferralStep(transform({ recorded }, ({ recorded }) => ({ referral_id: recorded.referral.id })))
    return new WorkflowResponse(
      transform({ referral, recorded }, ({ referral, recorded }) => ({ referral, created: recorded.created }))
    )
  }
)

import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { MemberRef, TierChange } from "../../../types/loyalty"

export const evaluateMemberTiersStepId = "kapy-evaluate-member-tiers"

/**
 * Evaluates the tiers of these members now (each under its account's row
 * lock: an upgrade is immediate, a downgrade starts or ends its grace
 * period) and returns the changes. Null members are skipped. With
 * `adjustment`, only when the program counts adjustments toward tiers. Should a
 * later step fail, the compensation evaluates them again, so the stored
 * tier matches what is recorded once the failed step's records are gone.
 *
 * @example
 * const changes = evaluateMemberTiersStep({ members: [{ customer_id: "cus_123" }] })
 */
export const evaluateMemberTiersStep = createStep(
  evaluateMemberTiersStepId,
  async (
    input: { members: (MemberRef | null | undefined)[]; now?: Date | string; adjustment?: boolean },
    { container }
  ) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const now = input.now ? new Date(input.now) : new Date()
    if (input.adjustment && !(await loyalty.retrieveProgramSettings()).tiers.count_adjustments) {
      return new StepResponse([] as TierChange[], [] as MemberRef[])
    }
    const members = input.members.filter((m): m is MemberRef => !!m)
    const changes: TierChange[] = []
    for (const member of members) {
      const result = await loyalty.evaluateMemberTier(member, { now })
      if (result?.change) {
        changes.push(result.change)
      }
    }
    return new StepResponse(changes, members)
  },
  async (members, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    for (const member of members ?? []) {
      await loyalty.evaluateMemberTier(member)
    }
  }
)

import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { MemberRef, TierChange } from "../../../types/loyalty"

export const setTierOverrideStepId = "kapy-set-tier-override"

/** The member by Medusa customer (`customer_id`) or by account (`account_id`), and the override. */
export type SetTierOverrideInput = MemberRef & {
  /** null ends the override */
  override: { tier_id: string; reason: string; until?: Date | string | null; by?: string | null } | null
}

/** The member reference of an input: one of its two ids. */
const refOf = (input: MemberRef): MemberRef =>
  input.account_id ? { account_id: input.account_id } : { customer_id: input.customer_id! }

/**
 * Sets or ends an admin's tier override and evaluates the member at once.
 * The compensation puts the previous override back and evaluates again.
 *
 * @example
 * setTierOverrideStep({ account_id: "kacc_123", override: { tier_id: "ktier_gold", reason: "VIP", by: "user_1" } })
 */
export const setTierOverrideStep = createStep(
  setTierOverrideStepId,
  async (input: SetTierOverrideInput, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const ref = refOf(input)
    const account = await loyalty.retrieveMember(ref)
    const previous = account
      ? (((await loyalty.listLoyaltyAccounts({ id: account.id }, {
          select: ["tier_override_id", "tier_override_until", "tier_override_reason", "tier_override_by"],
        })) as any[])[0] ?? null)
      : null
    const result = await loyalty.setTierOverride(
      ref,
      input.override
        ? { ...input.override, until: input.override.until ? new Date(input.override.until) : null }
        : null
    )
    return new StepResponse(
      { account_id: result.account_id, tier_id: result.tier_id, tier_expires_at: result.tier_expires_at, change: result.change as TierChange | null },
      // the account itself: the one the override was set on, even for a customer
      { account_id: result.account_id, previous }
    )
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const p = undo.previous
    const until = p?.tier_override_until ? new Date(p.tier_override_until) : null
    // an override that has ended meanwhile is not brought back
    const live = p?.tier_override_id && (!until || until.getTime() > Date.now())
    await loyalty.setTierOverride(
      { account_id: undo.account_id },
      live ? { tier_id: p.tier_override_id, until, reason: p.tier_override_reason ?? "restored", by: p.tier_override_by } : null
    )
  }
)

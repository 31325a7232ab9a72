import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { generateEntityId } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import type { MemberRef } from "../../../../types/loyalty"
import { adjustLoyaltyPointsWorkflow } from "../../../../workflows/loyalty"
import { setTierOverrideWorkflow } from "../../../../workflows/tiers"
import { loadMemberAccountView } from "../../../utils/account-view"
import { runForRoute } from "../../../utils/run-workflow"
import type { AdminSetLoyaltyTierOverrideType } from "../tiers/validators"
import type { AdminCreateLoyaltyAdjustmentType } from "../validators"

/**
 * What the admin's writes to a member share, whether the route names the
 * member by Medusa customer or by account id: one workflow each, the same
 * answer. Routes stay thin resolvers of `ref`.
 */

/**
 * Runs the adjustment workflow for the member `ref` names, attributed to the
 * admin. The idempotency key comes from the body or the `Idempotency-Key`
 * header (one is made when neither is sent); `replayed` says a retry found
 * the original entry.
 */
export async function adjustMember(req: AuthenticatedMedusaRequest<AdminCreateLoyaltyAdjustmentType>, ref: MemberRef) {
  const { points, reason } = req.validatedBody
  const key = req.validatedBody.idempotency_key ?? (req.get("idempotency-key") || undefined) ?? generateEntityId(undefined, "adj")
  const { result } = await runForRoute(
    adjustLoyaltyPointsWorkflow(req.scope).run({
      input: {
        ...ref,
        points,
        note: reason,
        idempotency_key: `adjustment:${key}`,
        actor_type: "user",
        actor_id: req.auth_context.actor_id,
      },
    })
  )
  return { replayed: result.replayed, entry: result.entry, account: await accountViewOf(req.scope, ref, result.account.id) }
}

/** Sets (`override`) or ends (null) the member's tier override through the tier override workflow. */
export async function setMemberTierOverride(
  req: AuthenticatedMedusaRequest<AdminSetLoyaltyTierOverrideType> | AuthenticatedMedusaRequest,
  ref: MemberRef,
  override: AdminSetLoyaltyTierOverrideType | null
) {
  const { result } = await runForRoute(
    setTierOverrideWorkflow(req.scope).run({
      input: {
        ...ref,
        override: override
          ? { tier_id: override.tier_id, reason: override.reason, until: override.until ?? null, by: req.auth_context.actor_id }
          : null,
      },
    })
  )
  return {
    change: result.change,
    override: override ? await overrideOf(req.scope, result.account_id) : null,
    account: await accountViewOf(req.scope, ref, result.account_id),
  }
}

/** The member's account view after a write (for a customer: with their customer id). */
async function accountViewOf(scope: MedusaContainer, ref: MemberRef, accountId: string) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMember({ account_id: accountId })
  return await loadMemberAccountView(scope, account, ref.customer_id ? { customer_id: ref.customer_id } : {})
}

/** The account's override as the admin sees it (null: none): the tier, its end, why and who set it. */
async function overrideOf(scope: MedusaContainer, accountId: string) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMember({ account_id: accountId })
  return account?.tier_override ?? null
}

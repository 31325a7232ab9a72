import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../../modules/loyalty/service"
import { setTierOverrideWorkflow } from "../../../../../../workflows/tiers"
import { loadAccountView } from "../../../../../utils/account-view"
import type { AdminSetLoyaltyTierOverrideType } from "../../../tiers/validators"

/**
 * Sets a tier floor for the member: they hold at least `tier_id` until
 * `until` (absent: until removed), attributed to the admin, with the reason.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSetLoyaltyTierOverrideType>, res: MedusaResponse) => {
  const { tier_id, reason, until } = req.validatedBody
  const { result } = await setTierOverrideWorkflow(req.scope).run({
    input: {
      customer_id: req.params.customer_id,
      override: { tier_id, reason, until: until ?? null, by: req.auth_context.actor_id },
    },
  })
  res.json({
    change: result.change,
    override: await overrideOf(req.scope, result.account_id),
    account: await loadAccountView(req.scope, req.params.customer_id),
  })
}

/** The account's override as the admin sees it (null: none): the tier, its end, why and who set it. */
async function overrideOf(scope: MedusaContainer, accountId: string) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const [row] = (await loyalty.listLoyaltyAccounts(
    { id: accountId },
    { select: ["tier_override_id", "tier_override_until", "tier_override_reason", "tier_override_by"] }
  )) as any[]
  return row?.tier_override_id
    ? { tier_id: row.tier_override_id, until: row.tier_override_until, reason: row.tier_override_reason, by: row.tier_override_by }
    : null
}

/** Ends the member's override: they fall to their earned tier at once. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await setTierOverrideWorkflow(req.scope).run({
    input: { customer_id: req.params.customer_id, override: null },
  })
  res.json({ change: result.change, override: null, account: await loadAccountView(req.scope, req.params.customer_id) })
}

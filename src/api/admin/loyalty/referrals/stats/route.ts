import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import type { AdminGetLoyaltyReferralStatsParamsType } from "../../validators"

/**
 * Referral counts by status and by reason, conversion (completed among
 * referrals not rejected) and the `top` referrers by completed referrals,
 * with their Medusa customers. Reads only.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetLoyaltyReferralStatsParamsType>,
  res: MedusaResponse
) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const stats = await loyalty.retrieveReferralStats({ top: req.validatedQuery.top })
  const customerOf = await loyalty.listCustomerIdsOfAccounts(stats.top_referrers.map((r) => r.account_id))
  const { data: customers } = customerOf.size
    ? await query.graph({
        entity: "customer",
        fields: ["id", "email", "first_name", "last_name"],
        filters: { id: [...new Set(customerOf.values())] },
      })
    : { data: [] as any[] }
  res.json({
    stats: {
      ...stats,
      top_referrers: stats.top_referrers.map((r) => ({
        ...r,
        customer: customers.find((c: any) => c.id === customerOf.get(r.account_id)) ?? null,
      })),
    },
  })
}

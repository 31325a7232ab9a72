import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"
import { ensureLoyaltyAccountWorkflow } from "../../workflows/loyalty"
import { accountView } from "./loyalty-views"

/** The customer's account (created on first need) as shoppers and admins see it. */
export async function loadAccountView(scope: MedusaContainer, customerId: string) {
  const { result: account } = await ensureLoyaltyAccountWorkflow(scope).run({
    input: { customer_id: customerId },
  })
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const [settings, standing] = await Promise.all([
    loyalty.retrieveProgramSettings(),
    loyalty.retrieveTierStanding(customerId),
  ])
  return accountView(account, standing, settings)
}

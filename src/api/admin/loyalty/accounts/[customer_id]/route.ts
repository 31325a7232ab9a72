import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import { setLoyaltyBirthdayWorkflow } from "../../../../../workflows/loyalty"
import { loadAccountView } from "../../../../utils/account-view"
import { runForRoute } from "../../../../utils/run-workflow"
import { listMemberEntries, loadAdminMemberView } from "../../members/member-view"
import type { AdminGetLoyaltyAccountParamsType, AdminUpdateLoyaltyAccountType } from "../../validators"

/**
 * A customer's account with its identities, any tier override and ledger
 * entries, newest first: the member page's view (`/admin/loyalty/members/:account_id`)
 * found by Medusa customer. Reads only.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetLoyaltyAccountParamsType>,
  res: MedusaResponse
) => {
  const customerId = req.params.customer_id
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const { data: customers } = await query.graph({
    entity: "customer",
    fields: ["id", "email", "first_name", "last_name", "phone"],
    filters: { id: customerId },
  })
  if (!customers.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id: ${customerId} was not found`)
  }
  const member = await loyalty.retrieveMember({ customer_id: customerId })
  const [account, entries] = await Promise.all([
    loadAdminMemberView(req.scope, member, { customer_id: customerId, customer: customers[0] as any }),
    listMemberEntries(req.scope, member?.id ?? null, req.queryConfig),
  ])
  res.json({ account, ...entries })
}

/** Sets or corrects a member's birthday (members can set theirs only once). */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpdateLoyaltyAccountType>,
  res: MedusaResponse
) => {
  const customerId = req.params.customer_id
  await runForRoute(
    setLoyaltyBirthdayWorkflow(req.scope).run({
      input: { customer_id: customerId, birthday: req.validatedBody.birthday, overwrite: true },
    })
  )
  res.json({ account: await loadAccountView(req.scope, customerId) })
}

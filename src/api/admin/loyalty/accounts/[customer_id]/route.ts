import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { loadAccountView } from "../../../../utils/account-view"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import { ensureLoyaltyAccountWorkflow } from "../../../../../workflows/loyalty"
import type {
  AdminGetLoyaltyAccountParamsType,
  AdminUpdateLoyaltyAccountType,
} from "../../validators"

/** A customer's account (created on first need) with its ledger entries, newest first. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetLoyaltyAccountParamsType>,
  res: MedusaResponse
) => {
  const customerId = req.params.customer_id
  const account = await loadAccountView(req.scope, customerId)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const [{ data: customers }, { data: entries, metadata }] = await Promise.all([
    query.graph({
      entity: "customer",
      fields: ["id", "email", "first_name", "last_name", "phone"],
      filters: { id: customerId },
    }),
    query.graph({
      entity: "loyalty_entry",
      fields: req.queryConfig.fields,
      filters: { customer_id: customerId },
      pagination: {
        ...req.queryConfig.pagination,
        order: { created_at: "DESC", id: "DESC" },
      },
    }),
  ])
  res.json({
    account: { ...account, customer: customers[0] },
    entries,
    count: metadata?.count ?? entries.length,
    limit: metadata?.take ?? req.queryConfig.pagination.take,
    offset: metadata?.skip ?? req.queryConfig.pagination.skip,
  })
}

/** Sets or corrects a member's birthday (members can set theirs only once). */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpdateLoyaltyAccountType>,
  res: MedusaResponse
) => {
  const customerId = req.params.customer_id
  await ensureLoyaltyAccountWorkflow(req.scope).run({ input: { customer_id: customerId } })
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  await loyalty.setBirthday(customerId, req.validatedBody.birthday, { overwrite: true })
  res.json({ account: await loadAccountView(req.scope, customerId) })
}

import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import { setLoyaltyBirthdayWorkflow } from "../../../../../workflows/loyalty"
import { loadAccountView } from "../../../../utils/account-view"
import { runForRoute } from "../../../../utils/run-workflow"
import type { AdminGetLoyaltyAccountParamsType, AdminUpdateLoyaltyAccountType } from "../../validators"

/** A customer's account with its identities, any tier override and ledger entries, newest first. Reads only. */
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
  const [account, member] = await Promise.all([
    loadAccountView(req.scope, customerId),
    loyalty.retrieveMember({ customer_id: customerId }),
  ])
  const { take, skip } = req.queryConfig.pagination
  const [identities, entries] = member
    ? await Promise.all([
        loyalty.listMemberIdentities(member.id),
        query.graph({
          entity: "loyalty_entry",
          fields: req.queryConfig.fields,
          filters: { account_id: await loyalty.listMemberAccountIds(member.id) },
          pagination: { ...req.queryConfig.pagination, order: { created_at: "DESC", id: "DESC" } },
        }),
      ])
    : [[], { data: [], metadata: { count: 0, take, skip } }]
  res.json({
    account: {
      ...account,
      customer: customers[0],
      // an admin's floor under the tier, with who set it and why (the shopper's view leaves it out)
      tier_override: member?.tier_override ?? null,
      identities: identities.map(({ id, provider, external_id, email, email_verified }) => ({
        id,
        provider,
        external_id,
        email,
        email_verified,
      })),
    },
    entries: entries.data,
    count: entries.metadata?.count ?? entries.data.length,
    limit: entries.metadata?.take ?? take,
    offset: entries.metadata?.skip ?? skip,
  })
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

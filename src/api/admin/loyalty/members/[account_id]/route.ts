import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { customerOfMember, loadAdminMemberView, retrieveMemberOrFail } from "../member-view"

/**
 * A member by account id, whether or not they are a Medusa customer (a
 * member who only shops on Shopify has none: `customer` null): balance,
 * tier, any override, and each identity with its email. A merged account's
 * id answers the member it went into. Reads only.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const member = await retrieveMemberOrFail(req.scope, req.params.account_id)
  res.json({
    account: await loadAdminMemberView(req.scope, member, { customer: await customerOfMember(req.scope, member) }),
  })
}

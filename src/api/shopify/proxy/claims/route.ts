import type { MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import { plainText } from "../../../../rules/awards"
import { submitShopifyClaimWorkflow } from "../../../../workflows/shopify"
import { STORE_CLAIM_FIELDS } from "../../../store/loyalty/query-config"
import type { StoreCreateLoyaltyClaimType } from "../../../store/loyalty/validators"
import { runForRoute } from "../../../utils/run-workflow"
import type { ShopifyProxyRequest } from "../../utils"

/** The logged-in Shopify customer's claims, newest first: the shape of GET /store/loyalty/me/claims. */
export const GET = async (req: ShopifyProxyRequest & { queryConfig: any }, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: req.shopify_customer_id })
  const { take, skip } = req.queryConfig.pagination
  if (!account) {
    return res.json({ claims: [], count: 0, limit: take, offset: skip })
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "loyalty_claim",
    fields: req.queryConfig.fields,
    filters: { account_id: await loyalty.listMemberAccountIds(account.id) },
    pagination: { ...req.queryConfig.pagination, order: { created_at: "DESC", id: "DESC" } },
  })
  res.json({ claims: data, count: metadata?.count ?? data.length, limit: metadata?.take ?? take, offset: metadata?.skip ?? skip })
}

/** The logged-in Shopify customer claims cones (a follow, a custom action): the answer of POST /store/loyalty/claims. */
export const POST = async (
  req: ShopifyProxyRequest<StoreCreateLoyaltyClaimType> & { validatedBody: StoreCreateLoyaltyClaimType },
  res: MedusaResponse
) => {
  const body = req.validatedBody
  const claim =
    body.action === "social_follow"
      ? { type: "social_follow" as const, platform: body.platform, handle: body.handle ? plainText(body.handle) || null : null }
      : { type: "custom" as const, action_id: body.action_id, evidence: body.evidence ? plainText(body.evidence) || null : null }
  const { result } = await runForRoute(
    submitShopifyClaimWorkflow(req.scope).run({ input: { shopify_customer_id: req.shopify_customer_id, ...claim } })
  )
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [view] } = await query.graph({ entity: "loyalty_claim", fields: STORE_CLAIM_FIELDS, filters: { id: result.id } })
  res.status(201).json({ claim: view })
}

import type { MedusaResponse } from "@medusajs/framework/http"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import { submitShopifyClaimWorkflow } from "../../../../workflows/shopify"
import type { StoreCreateLoyaltyClaimType } from "../../../store/loyalty/validators"
import { claimFromBody, memberRecordsPage, storeClaimView } from "../../../utils/member-records"
import { runForRoute } from "../../../utils/run-workflow"
import type { ShopifyProxyRequest } from "../../utils"

/** The logged-in Shopify customer's claims, newest first: the shape of GET /store/loyalty/me/claims. */
export const GET = async (req: ShopifyProxyRequest & { queryConfig: any }, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const member = await loyalty.retrieveMemberContext({ provider: "shopify", external_id: req.shopify_customer_id })
  const { data, ...page } = await memberRecordsPage(req.scope, member, "loyalty_claim", req.queryConfig)
  res.json({ claims: data, ...page })
}

/** The logged-in Shopify customer claims cones (a follow, a custom action): the answer of POST /store/loyalty/claims. */
export const POST = async (
  req: ShopifyProxyRequest<StoreCreateLoyaltyClaimType> & { validatedBody: StoreCreateLoyaltyClaimType },
  res: MedusaResponse
) => {
  const { result } = await runForRoute(
    submitShopifyClaimWorkflow(req.scope).run({
      input: { shopify_customer_id: req.shopify_customer_id, ...claimFromBody(req.validatedBody) },
    })
  )
  res.status(201).json({ claim: await storeClaimView(req.scope, result.id) })
}

import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { recordLoyaltyConsentsWorkflow } from "../../../../../workflows/privacy"
import { consentsView, loadConsentsView } from "../../../../utils/privacy-views"
import { runForRoute } from "../../../../utils/run-workflow"
import { consentDecisions, StoreRecordLoyaltyConsentsType } from "./validators"

/** The shopper's consents: the program, and marketing per channel, with when and which text version. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ consents: await loadConsentsView(req.scope, req.auth_context.actor_id) })
}

/** Records the shopper's consent decisions; what the body leaves out stays as it was. */
export const POST = async (req: AuthenticatedMedusaRequest<StoreRecordLoyaltyConsentsType>, res: MedusaResponse) => {
  const { result } = await runForRoute(
    recordLoyaltyConsentsWorkflow(req.scope).run({
      input: {
        customer_id: req.auth_context.actor_id,
        decisions: consentDecisions(req.validatedBody),
        text_version: req.validatedBody.text_version ?? null,
        source: "store",
      },
    })
  )
  res.json({ consents: consentsView(result) })
}

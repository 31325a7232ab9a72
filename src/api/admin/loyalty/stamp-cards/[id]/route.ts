import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { saveStampCardWorkflow } from "../../../../../workflows/stamps"
import { runForRoute } from "../../../../utils/run-workflow"
import type { AdminUpdateStampCardType } from "../validators"

/** Changes a stamp card (deactivate with `active: false`); stamps already given stay. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateStampCardType>, res: MedusaResponse) => {
  const { result } = await runForRoute(saveStampCardWorkflow(req.scope).run({ input: { ...req.validatedBody, id: req.params.id } }))
  res.json({ stamp_card: result })
}

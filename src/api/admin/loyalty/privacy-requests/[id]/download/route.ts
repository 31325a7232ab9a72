import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

/**
 * The export of one privacy request, as a JSON file to hand to the
 * customer. A request whose customer Kapy did not know (`empty`) or who
 * was redacted since (`erased`) has none: 400 `not_allowed`. Reads only.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "shopify_data_request",
    fields: ["id", "status", "shopify_customer_id", "export"],
    filters: { id: req.params.id },
  })
  const request = data[0]
  if (!request) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Privacy request ${req.params.id} was not found`)
  }
  if (request.status !== "ready" || !request.export) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      request.status === "erased"
        ? `Privacy request ${request.id} has no export: the customer's data was erased since`
        : `Privacy request ${request.id} has no export: Kapy held no data about the customer`
    )
  }
  res.setHeader("Content-Disposition", `attachment; filename="kapy-shopify-customer-${request.shopify_customer_id}.json"`)
  res.json(request.export)
}

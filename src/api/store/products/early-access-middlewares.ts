import {
  authenticate,
  AuthenticatedMedusaRequest,
  MedusaNextFunction,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { earlyAccessHiddenFor } from "../../../workflows/tiers/utils/early-access"

/**
 * Hides early-access products from shoppers outside their tiers in the
 * store's product list: the products they may not see yet are left out by
 * the query itself (`id NOT IN …`), so counts and pages stay right.
 */
async function hideEarlyAccessProducts(req: AuthenticatedMedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const hidden = await earlyAccessHiddenFor(req.scope, req.auth_context?.actor_id)
  if (hidden.length) {
    const filters = (req.filterableFields ?? {}) as Record<string, any>
    filters.$and = [...(filters.$and ?? []), { id: { $nin: hidden } }]
    req.filterableFields = filters
  }
  next()
}

/** A product in early access answers 404 to shoppers outside its tiers, as a product they may not see. */
async function refuseEarlyAccessProduct(req: AuthenticatedMedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const hidden = await earlyAccessHiddenFor(req.scope, req.auth_context?.actor_id, [req.params.id])
  if (hidden.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Product with id: ${req.params.id} was not found`)
  }
  next()
}

export const storeProductEarlyAccessMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/store/products",
    middlewares: [
      authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true }),
      hideEarlyAccessProducts as any,
    ],
  },
  {
    method: ["GET"],
    matcher: "/store/products/:id",
    middlewares: [
      authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true }),
      refuseEarlyAccessProduct as any,
    ],
  },
]

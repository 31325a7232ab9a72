import { MiddlewareRoute, validateAndTransformBody } from "@medusajs/framework/http"
import { AdminCreateStampCard, AdminUpdateStampCard } from "./validators"

export const adminStampCardMiddlewares: MiddlewareRoute[] = [
  { method: ["POST"], matcher: "/admin/loyalty/stamp-cards", middlewares: [validateAndTransformBody(AdminCreateStampCard)] },
  { method: ["POST"], matcher: "/admin/loyalty/stamp-cards/:id", middlewares: [validateAndTransformBody(AdminUpdateStampCard)] },
]

import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const setEarlyAccessWorkflowId = "kapy-set-early-access"

export type SetEarlyAccessInput = { product_id: string; tier_ids: string[]; until: Date | string; created_by?: string | null }

const setEarlyAccessStep = createStep(
  "kapy-set-early-access",
  async (input: SetEarlyAccessInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "product", fields: ["id"], filters: { id: input.product_id } })
    if (!data.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `product_id: product ${input.product_id} was not found`)
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const row = await loyalty.setEarlyAccess({ ...input, until: new Date(input.until) })
    return new StepResponse(row)
  }
)

/**
 * VIP early access: until `until`, only members holding one of `tier_ids`
 * see the product in the store API and may add it to a cart (enforced by
 * Kapy's store middleware and its add-to-cart validate hook).
 *
 * @example
 * await setEarlyAccessWorkflow(container).run({
 *   input: { product_id: "prod_123", tier_ids: ["ktier_gold"], until: "2026-12-01T00:00:00Z", created_by: "user_1" },
 * })
 */
export const setEarlyAccessWorkflow = createWorkflow(setEarlyAccessWorkflowId, (input: SetEarlyAccessInput) => {
  return new WorkflowResponse(setEarlyAccessStep(input))
})

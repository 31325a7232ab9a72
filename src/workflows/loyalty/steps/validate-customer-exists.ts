import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export const validateCustomerExistsStepId = "kapy-validate-customer-exists"

/**
 * Fails with NOT_FOUND unless the customer exists. The loyalty module keeps
 * customer ids without a foreign key (modules stay isolated), so callers
 * check here before an account is created for an id.
 */
export const validateCustomerExistsStep = createStep(
  validateCustomerExistsStepId,
  async ({ customer_id }: { customer_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "customer",
      fields: ["id"],
      filters: { id: customer_id },
    })
    if (!data.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Customer with id: ${customer_id} was not found`
      )
    }
    return new StepResponse(data[0].id as string)
  }
)

import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export const validateCustomerExistsStepId = "kapy-validate-customer-exists"

/**
 * Fails with NOT_FOUND unless the customer exists, and returns what a
 * member's identity needs of them. The loyalty module keeps customer ids
 * without a foreign key (modules stay isolated), so callers check here
 * before an account is made for an id.
 */
export const validateCustomerExistsStep = createStep(
  validateCustomerExistsStepId,
  async ({ customer_id }: { customer_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "customer",
      fields: ["id", "email", "has_account"],
      filters: { id: customer_id },
    })
    if (!data.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id: ${customer_id} was not found`)
    }
    const customer = data[0] as { id: string; email: string | null; has_account: boolean }
    return new StepResponse({ id: customer.id, email: customer.email, has_account: customer.has_account })
  }
)

import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eraseShopifyCustomerStep } from "../steps/erase-shopify-customer"

export const eraseShopifyCustomerWorkflowId = "kapy-erase-shopify-customer"

/**
 * Erases a Shopify customer's personal data from Kapy (`customers/redact`),
 * keeping the ledger's entries and totals as they are.
 *
 * @example
 * await eraseShopifyCustomerWorkflow(container).run({ input: { customer_id: "115310627314723954", shop_domain: "kapy.myshopify.com" } })
 */
export const eraseShopifyCustomerWorkflow = createWorkflow(
  eraseShopifyCustomerWorkflowId,
  (input: { customer_id: string; shop_domain?: string }) => new WorkflowResponse(eraseShopifyCustomerStep(input))
)

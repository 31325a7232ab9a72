import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { announceShopifyDataRequestStep } from "../steps/announce-shopify-data-request"
import { recordShopifyDataRequestStep, RecordShopifyDataRequestInput } from "../steps/record-shopify-data-request"

export const recordShopifyDataRequestWorkflowId = "kapy-record-shopify-data-request"

/**
 * Answers a `customers/data_request`: the customer's export is kept as a
 * privacy request the admin downloads (GET
 * /admin/loyalty/privacy-requests/:id/download) and the shop's admins are
 * told through the Notification Module.
 *
 * @example
 * const { result } = await recordShopifyDataRequestWorkflow(container).run({
 *   input: { shop_domain: "kapy.myshopify.com", delivery_id: "kswh_01…", customer_id: "7401234567890123459", email: "aino@example.com", data_request_id: "9999" },
 * })
 */
export const recordShopifyDataRequestWorkflow = createWorkflow(
  recordShopifyDataRequestWorkflowId,
  (input: RecordShopifyDataRequestInput) => {
    const request = recordShopifyDataRequestStep(input)
    announceShopifyDataRequestStep(request)
    return new WorkflowResponse(request)
  }
)

import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { DataRequestRow } from "../../../modules/shopify/service"
import { exportShopifyCustomerData } from "../utils/customer-export"
import { shopifyModule } from "../utils/refs"

export const recordShopifyDataRequestStepId = "kapy-record-shopify-data-request"

export type RecordShopifyDataRequestInput = {
  shop_domain: string
  /** The stored delivery: one request per delivery. */
  delivery_id: string
  customer_id: string
  email: string | null
  data_request_id: string | null
}

/**
 * Builds the customer's export (the loyalty module's privacy export of
 * their member, with their Shopify codes) and keeps it as a privacy
 * request for the admin to download; `empty` when Kapy knows nothing of
 * the customer. Once per delivery: a retry finds the request it made.
 * Compensation: a request this step created is deleted (the delivery is
 * retried and makes it again).
 *
 * @example
 * const request = recordShopifyDataRequestStep({ shop_domain, delivery_id, customer_id: "7401234567890123459", email, data_request_id: "9999" })
 */
export const recordShopifyDataRequestStep = createStep(
  recordShopifyDataRequestStepId,
  async (input: RecordShopifyDataRequestInput, { container }) => {
    const data = await exportShopifyCustomerData(container, input.customer_id)
    const { request, created } = await shopifyModule(container).recordDataRequest({
      shop_domain: input.shop_domain,
      delivery_id: input.delivery_id,
      data_request_id: input.data_request_id,
      shopify_customer_id: input.customer_id,
      email: input.email,
      account_id: data?.account.id ?? null,
      export: data,
    })
    return new StepResponse<DataRequestRow, string | null>(request, created ? request.id : null)
  },
  async (createdId, { container }) => {
    if (createdId) {
      await shopifyModule(container).deleteShopifyDataRequests(createdId)
    }
  }
)

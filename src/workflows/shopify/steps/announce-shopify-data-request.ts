import type { INotificationModuleService, IUserModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { DataRequestRow } from "../../../modules/shopify/service"

export const announceShopifyDataRequestStepId = "kapy-announce-shopify-data-request"

/** The Notification Module template of the announcement (a shop's provider renders it). */
export const SHOPIFY_DATA_REQUEST_TEMPLATE = "kapy-shopify-data-request"

/**
 * Tells the shop's admins, through Medusa's Notification Module ("email"
 * channel, one message per admin user), that a customer's data request has
 * come and its export waits in Loyalty → Privacy requests. Medusa's
 * idempotency key (the request and the admin) keeps a retried delivery
 * from announcing twice. A shop without the module or an email provider is
 * told in the log instead. No compensation: a message cannot be unsent.
 *
 * @example
 * announceShopifyDataRequestStep(request)
 */
export const announceShopifyDataRequestStep = createStep(
  announceShopifyDataRequestStepId,
  async (request: DataRequestRow, { container }) => {
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const what = `customer ${request.shopify_customer_id} of ${request.shop_domain} asked for their data (privacy request ${request.id})`
    if (!container.hasRegistration(Modules.NOTIFICATION)) {
      logger.warn(`Kapy: ${what}; no Notification Module to announce it`)
      return new StepResponse({ sent: 0 })
    }
    const users = await container.resolve<IUserModuleService>(Modules.USER).listUsers({}, { select: ["id", "email"] })
    const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION)
    const subject = "A customer asked for their loyalty data"
    const text =
      request.status === "ready"
        ? `Customer ${request.shopify_customer_id} of ${request.shop_domain} asked Shopify for their data. Their loyalty export is ready in Loyalty → Privacy requests: send it to them.`
        : `Customer ${request.shopify_customer_id} of ${request.shop_domain} asked Shopify for their data. Kapy holds nothing about them (Loyalty → Privacy requests).`
    const sent = await notifications
      .createNotifications(
        users.map((user) => ({
          to: user.email,
          channel: "email",
          template: SHOPIFY_DATA_REQUEST_TEMPLATE,
          trigger_type: "kapy.shopify.customer_data_requested",
          resource_type: "shopify_data_request",
          resource_id: request.id,
          receiver_id: user.id,
          idempotency_key: `${SHOPIFY_DATA_REQUEST_TEMPLATE}:${request.id}:${user.id}`,
          content: { subject, text },
          data: { privacy_request_id: request.id, status: request.status, shop_domain: request.shop_domain, subject, text },
        }))
      )
      .catch((error: Error) => {
        if (/provider/i.test(error?.message ?? "")) {
          logger.warn(`Kapy: ${what}; no email provider to announce it`)
          return []
        }
        throw error
      })
    return new StepResponse({ sent: sent.length })
  }
)

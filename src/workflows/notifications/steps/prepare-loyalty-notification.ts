import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import {
  marketingPurpose,
  NOTIFICATION_EVENTS,
  NotificationKind,
  notificationKey,
  notificationLanguage,
  notificationRefusal,
  renderNotification,
  tierNameIn,
} from "../../../rules/notifications"

export const prepareLoyaltyNotificationStepId = "kapy-prepare-loyalty-notification"

/** A message ready to send, or why not (`refusal`); null when the event names no member or nothing to key it by. */
export type PreparedNotification = {
  event_name: string
  kind: NotificationKind
  key: string
  account_id: string | null
  customer_id: string
  to: string | null
  channel: string
  language: string
  refusal: string | null
  subject: string
  text: string
  data: Record<string, unknown>
} | null

/**
 * Decides and writes a member's message for a loyalty event, reading only:
 * the customer's address and language, the program's notification
 * settings, the member's marketing consent for a marketing kind, and the
 * text in the customer's language (src/rules/notifications.ts).
 *
 * @example
 * const prepared = prepareLoyaltyNotificationStep({ event_name: "loyalty.points_earned", data })
 */
export const prepareLoyaltyNotificationStep = createStep(
  prepareLoyaltyNotificationStepId,
  async (input: { event_name: string; data: Record<string, any> }, { container }) => {
    const kind = NOTIFICATION_EVENTS[input.event_name]
    const data = input.data ?? {}
    const customerId: string | null = data.customer_id ?? data.referrer_customer_id ?? null
    const key = kind ? notificationKey(kind, data) : null
    if (!kind || !key || !customerId) {
      return new StepResponse<PreparedNotification>(null)
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    // settings and tiers from the program's cache (one statement: its generation)
    const program = await loyalty.retrieveProgram()
    const settings = program.settings
    const { data: customers } = await query.graph({ entity: "customer", fields: ["id", "email", "metadata"], filters: { id: customerId } })
    const customer = customers[0] as { email?: string | null; metadata?: Record<string, unknown> | null } | undefined
    const accountId: string | null = data.account_id ?? data.referrer_account_id ?? null
    const channel = settings.notifications.channel
    const consent = accountId ? await loyalty.hasConsent(accountId, marketingPurpose(channel)) : false
    const language = notificationLanguage(customer?.metadata, settings.notifications.default_language)
    const extras: Record<string, unknown> = {}
    if (kind === "tier_changed" && data.to) {
      const tier = program.tiers.find((t) => t.id === data.to)
      extras.tier_name = tier ? tierNameIn(tier, language) : null
    }
    const message = renderNotification(kind, language, { ...data, ...extras }, settings.unit)
    return new StepResponse<PreparedNotification>({
      event_name: input.event_name,
      kind,
      key,
      account_id: accountId,
      customer_id: customerId,
      to: customer?.email ?? null,
      channel,
      language,
      refusal: notificationRefusal(kind, settings.notifications, { has_address: !!customer?.email, marketing_consent: consent }),
      ...message,
      data: { ...data, ...extras },
    })
  }
)

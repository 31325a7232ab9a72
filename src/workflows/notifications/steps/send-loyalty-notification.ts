import type { INotificationModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { PreparedNotification } from "./prepare-loyalty-notification"

export const sendLoyaltyNotificationStepId = "kapy-send-loyalty-notification"

/**
 * Sends a prepared message through Medusa's Notification Module (whatever
 * provider the shop configured for the channel), at most once per key:
 * the key is claimed in Kapy's log first (a replayed event finds it sent
 * or skipped and sends nothing), and passed to the Notification Module as
 * its idempotency key, so a retry after a crash between the send and the
 * log sends nothing twice either. A refused message is logged as skipped.
 * No compensation: a message cannot be unsent.
 *
 * @example
 * sendLoyaltyNotificationStep(prepared)
 */
export const sendLoyaltyNotificationStep = createStep(
  sendLoyaltyNotificationStepId,
  async (prepared: PreparedNotification, { container }): Promise<StepResponse<{ sent: boolean; reason: string | null }>> => {
    if (!prepared) {
      return new StepResponse({ sent: false, reason: "nothing to send" })
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const claimed = await loyalty.claimNotification({
      notification_key: prepared.key,
      kind: prepared.kind,
      account_id: prepared.account_id,
      channel: prepared.channel,
      language: prepared.language,
    })
    if (!claimed) {
      return new StepResponse({ sent: false, reason: "already handled" })
    }
    if (prepared.refusal) {
      await loyalty.finishNotification(prepared.key, { status: "skipped", reason: prepared.refusal })
      return new StepResponse({ sent: false, reason: prepared.refusal })
    }
    if (!container.hasRegistration(Modules.NOTIFICATION)) {
      // the shop runs no Notification Module: nothing to send through
      await loyalty.finishNotification(prepared.key, { status: "skipped", reason: "no_notification_module" })
      return new StepResponse({ sent: false, reason: "no_notification_module" })
    }
    const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION)
    let noProvider = false
    // an earlier attempt that sent but did not log finds Medusa's idempotency key: nothing comes back
    const [sent] = await notifications.createNotifications([
      {
        to: prepared.to!,
        channel: prepared.channel,
        template: `kapy-${prepared.kind}`,
        trigger_type: prepared.event_name,
        resource_type: "loyalty_account",
        resource_id: prepared.account_id ?? undefined,
        receiver_id: prepared.customer_id,
        idempotency_key: prepared.key,
        content: { subject: prepared.subject, text: prepared.text },
        data: { ...prepared.data, language: prepared.language, subject: prepared.subject, text: prepared.text },
      },
    ]).catch(async (error: Error) => {
      if (/provider/i.test(error?.message ?? "")) {
        // no provider for the channel: the shop has not set one up
        noProvider = true
        return []
      }
      throw error
    })
    if (noProvider) {
      await loyalty.finishNotification(prepared.key, { status: "skipped", reason: "no_provider" })
      return new StepResponse({ sent: false, reason: "no_provider" })
    }
    await loyalty.finishNotification(prepared.key, { status: "sent", notification_id: sent?.id ?? null })
    return new StepResponse({ sent: true, reason: null })
  }
)

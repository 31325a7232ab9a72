import { generateEntityId } from "@medusajs/framework/utils"
import type { Transaction } from "../ledger/ledger-store"

export const NOTIFICATION = "kapy_notification"

export type NotificationRow = {
  id: string
  notification_key: string
  kind: string
  account_id: string | null
  channel: string
  language: string
  status: "pending" | "sent" | "skipped"
  reason: string | null
  notification_id: string | null
  created_at: Date
}

/** The log of member notifications, one row per message key. Every method takes the caller's transaction. */
export class NotificationStore {
  /**
   * Claims a message key: true when this call may send it (a new key, or
   * one whose earlier send did not finish); false when it was sent or
   * skipped already. The unique key decides between two deliveries at once.
   */
  async claim(
    trx: Transaction,
    row: Pick<NotificationRow, "notification_key" | "kind" | "account_id" | "channel" | "language">
  ): Promise<boolean> {
    const inserted = await trx.raw(
      `INSERT INTO ${NOTIFICATION} (id, notification_key, kind, account_id, channel, language, status)
       VALUES (?, ?, ?, ?, ?, ?, 'pending')
       ON CONFLICT (notification_key) DO NOTHING
       RETURNING id`,
      [generateEntityId(undefined, "knot"), row.notification_key, row.kind, row.account_id, row.channel, row.language]
    )
    if (inserted.rows.length) {
      return true
    }
    const existing = await trx(NOTIFICATION).where({ notification_key: row.notification_key }).forUpdate().first("status")
    return existing?.status === "pending"
  }

  async finish(trx: Transaction, key: string, outcome: { status: "sent" | "skipped"; reason?: string | null; notification_id?: string | null }) {
    await trx(NOTIFICATION)
      .where({ notification_key: key })
      .update({ status: outcome.status, reason: outcome.reason ?? null, notification_id: outcome.notification_id ?? null, updated_at: trx.fn.now() })
  }

  async find(knex: Transaction, key: string): Promise<NotificationRow | undefined> {
    return await knex(NOTIFICATION).where({ notification_key: key }).first()
  }
}

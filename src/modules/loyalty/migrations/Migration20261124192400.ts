import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Notifications sent to members: one row per message key (the kind and
 * what its event is about), so a redelivered event sends nothing more. No
 * personal data: the account, not the address.
 */
export class Migration20261124192400 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists "kapy_notification" ("id" text not null, "notification_key" text not null, "kind" text not null, "account_id" text null, "channel" text not null, "language" text not null, "status" text check ("status" in ('pending', 'sent', 'skipped')) not null, "reason" text null, "notification_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_notification_pkey" primary key ("id"));`)
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_notification_key_unique" ON "kapy_notification" ("notification_key");`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_notification_account_id" ON "kapy_notification" ("account_id");`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "kapy_notification" cascade;`)
  }
}

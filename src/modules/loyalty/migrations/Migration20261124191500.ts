import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Expiry: the warnings sent (one row per lot, or per account and
 * inactivity clock, enforced by the unique notice key), and indexes for the
 * expiry job's searches: available lots by age and by their own expiry,
 * and members' last purchase.
 */
export class Migration20261124191500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists "kapy_expiry_notice" ("id" text not null, "account_id" text not null, "kind" text check ("kind" in ('warning')) not null, "notice_key" text not null, "lot_id" text null, "expires_at" timestamptz not null, "points" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_expiry_notice_pkey" primary key ("id"));`)
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_expiry_notice_notice_key_unique" ON "kapy_expiry_notice" ("notice_key");`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_expiry_notice_account_id" ON "kapy_expiry_notice" ("account_id");`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_points_lot_created_at_available" ON "kapy_points_lot" ("created_at") WHERE status = 'available' AND remaining > 0 AND deleted_at IS NULL;`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_points_lot_expires_at_available" ON "kapy_points_lot" ("expires_at") WHERE status = 'available' AND remaining > 0 AND expires_at IS NOT NULL AND deleted_at IS NULL;`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_ledger_entry_account_id_purchases" ON "kapy_ledger_entry" ("account_id", "created_at") WHERE reason IN ('order', 'redemption') AND deleted_at IS NULL;`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_kapy_ledger_entry_account_id_purchases";`)
    this.addSql(`drop index if exists "IDX_kapy_points_lot_expires_at_available";`)
    this.addSql(`drop index if exists "IDX_kapy_points_lot_created_at_available";`)
    this.addSql(`drop table if exists "kapy_expiry_notice" cascade;`)
  }
}

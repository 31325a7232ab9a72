import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Privacy and consent: members' consent decisions (one row per account and
 * purpose, with when and which text version), and on accounts when the
 * member left (`closed_at`), when their data is due for erasure
 * (`erase_after`, the shop's retention) and when it was erased. A member
 * who leaves forfeits their balance by a `forfeit` entry.
 */
export class Migration20261124192000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists "kapy_consent" ("id" text not null, "account_id" text not null, "purpose" text check ("purpose" in ('program', 'marketing_email', 'marketing_sms', 'marketing_push')) not null, "granted" boolean not null, "text_version" text not null, "granted_at" timestamptz null, "withdrawn_at" timestamptz null, "source" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_consent_pkey" primary key ("id"));`)
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_consent_account_id_purpose_unique" ON "kapy_consent" ("account_id", "purpose");`)
    this.addSql(`alter table if exists "kapy_account" add column if not exists "closed_at" timestamptz null, add column if not exists "erase_after" timestamptz null, add column if not exists "erased_at" timestamptz null;`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_account_erase_after" ON "kapy_account" ("erase_after") WHERE status = 'closed' AND erased_at IS NULL AND deleted_at IS NULL;`)
    this.addSql(`alter table if exists "kapy_ledger_entry" drop constraint if exists "kapy_ledger_entry_reason_check";`)
    this.addSql(`alter table if exists "kapy_ledger_entry" add constraint "kapy_ledger_entry_reason_check" check("reason" in ('order', 'review', 'social', 'signup', 'birthday', 'referral', 'custom', 'adjustment', 'redemption', 'reversal', 'release', 'expiry', 'import', 'merge', 'forfeit'));`)
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "kapy_ledger_entry" drop constraint if exists "kapy_ledger_entry_reason_check";`)
    this.addSql(`alter table if exists "kapy_ledger_entry" add constraint "kapy_ledger_entry_reason_check" check("reason" in ('order', 'review', 'social', 'signup', 'birthday', 'referral', 'custom', 'adjustment', 'redemption', 'reversal', 'release', 'expiry', 'import', 'merge'));`)
    this.addSql(`drop index if exists "IDX_kapy_account_erase_after";`)
    this.addSql(`alter table if exists "kapy_account" drop column if exists "closed_at", drop column if exists "erase_after", drop column if exists "erased_at";`)
    this.addSql(`drop table if exists "kapy_consent" cascade;`)
  }
}

import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Members get an identity of their own (the account is no longer a Medusa
 * customer): each account's customer becomes a "medusa" identity beside it,
 * and the ledger keeps no customer ids. Entries gain the idempotency scope
 * (what a key stands for, across retries after a void) and the id of the
 * entry a void cancels. Existing rows are backfilled with the append-only
 * trigger paused for this transaction only: the values are what the rows
 * already said (their key, the `compensate:<id>` keys of compensations).
 */
export class Migration20261124152741 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "kapy_ledger_entry" drop constraint if exists "kapy_ledger_entry_voids_entry_id_unique";`);
    this.addSql(`alter table if exists "kapy_account_identity" drop constraint if exists "kapy_account_identity_provider_email_unique";`);
    this.addSql(`alter table if exists "kapy_account_identity" drop constraint if exists "kapy_account_identity_provider_external_id_unique";`);
    this.addSql(`create table if not exists "kapy_account_identity" ("id" text not null, "account_id" text not null, "provider" text check ("provider" in ('medusa', 'shopify')) not null, "external_id" text not null, "email" text null, "email_verified" boolean not null default false, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_account_identity_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_account_identity_account_id" ON "kapy_account_identity" ("account_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_account_identity_deleted_at" ON "kapy_account_identity" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_account_identity_provider_external_id_unique" ON "kapy_account_identity" ("provider", "external_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_account_identity_provider_email_unique" ON "kapy_account_identity" ("provider", "email") WHERE email_verified = true AND email IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_account_identity_email" ON "kapy_account_identity" ("email") WHERE email_verified = true AND email IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`alter table if exists "kapy_account_identity" add constraint "kapy_account_identity_account_id_foreign" foreign key ("account_id") references "kapy_account" ("id") on update cascade;`);

    this.addSql(`alter table if exists "kapy_ledger_entry" drop constraint if exists "kapy_ledger_entry_reason_check";`);

    // every existing account's customer, as its identity
    this.addSql(`INSERT INTO "kapy_account_identity" ("id", "account_id", "provider", "external_id", "email_verified")
      SELECT 'kidn_' || upper(substr(md5(random()::text || a.id), 1, 26)), a.id, 'medusa', a.customer_id, false
        FROM "kapy_account" a WHERE a.deleted_at IS NULL
      ON CONFLICT DO NOTHING;`);
    this.addSql(`drop index if exists "IDX_kapy_account_customer_id_unique";`);
    this.addSql(`alter table if exists "kapy_account" drop column if exists "customer_id";`);

    this.addSql(`alter table if exists "kapy_account" add column if not exists "status" text check ("status" in ('active', 'merged', 'closed')) not null default 'active', add column if not exists "merged_into_id" text null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_account_merged_into_id" ON "kapy_account" ("merged_into_id") WHERE merged_into_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`alter table if exists "kapy_account" add constraint kapy_account_merged_holds_nothing check(status <> 'merged' OR (merged_into_id IS NOT NULL AND points_balance = 0 AND points_pending = 0));`);

    this.addSql(`alter table if exists "kapy_ledger_entry" add column if not exists "voids_entry_id" text null;`);
    this.addSql(`alter table if exists "kapy_ledger_entry" add constraint "kapy_ledger_entry_reason_check" check("reason" in ('order', 'review', 'social', 'signup', 'birthday', 'referral', 'custom', 'adjustment', 'redemption', 'reversal', 'release', 'expiry', 'import', 'merge'));`);
    this.addSql(`alter table if exists "kapy_ledger_entry" add column if not exists "idempotency_scope" text null;`);
    this.addSql(`ALTER TABLE "kapy_ledger_entry" DISABLE TRIGGER kapy_ledger_entry_append_only;`);
    // redemptions were keyed per attempt ("redemption:<cart>:<n>"): one scope per cart now
    this.addSql(`UPDATE "kapy_ledger_entry" SET "idempotency_scope" = CASE
        WHEN "idempotency_key" ~ '^redemption:[^:]+:[0-9]+$' THEN regexp_replace("idempotency_key", ':[0-9]+$', '')
        ELSE "idempotency_key" END;`);
    this.addSql(`UPDATE "kapy_ledger_entry" SET "voids_entry_id" = substr("idempotency_key", 12)
      WHERE "idempotency_key" LIKE 'compensate:%';`);
    this.addSql(`ALTER TABLE "kapy_ledger_entry" ENABLE TRIGGER kapy_ledger_entry_append_only;`);
    this.addSql(`alter table if exists "kapy_ledger_entry" alter column "idempotency_scope" set not null;`);
    this.addSql(`alter table if exists "kapy_ledger_entry" drop column if exists "customer_id";`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_ledger_entry_idempotency_scope_created_at" ON "kapy_ledger_entry" ("idempotency_scope", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_ledger_entry_voids_entry_id_unique" ON "kapy_ledger_entry" ("voids_entry_id") WHERE voids_entry_id IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "kapy_ledger_entry" drop constraint if exists "kapy_ledger_entry_reason_check";`);

    this.addSql(`drop index if exists "IDX_kapy_account_merged_into_id";`);
    this.addSql(`alter table if exists "kapy_account" drop constraint if exists kapy_account_merged_holds_nothing;`);
    this.addSql(`alter table if exists "kapy_account" drop column if exists "status", drop column if exists "merged_into_id";`);

    this.addSql(`alter table if exists "kapy_account" add column if not exists "customer_id" text null;`);
    this.addSql(`UPDATE "kapy_account" a SET "customer_id" = (SELECT i.external_id FROM "kapy_account_identity" i
      WHERE i.account_id = a.id AND i.provider = 'medusa' ORDER BY i.created_at LIMIT 1);`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_account_customer_id_unique" ON "kapy_account" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`drop index if exists "IDX_kapy_ledger_entry_idempotency_scope_created_at";`);
    this.addSql(`drop index if exists "IDX_kapy_ledger_entry_voids_entry_id_unique";`);
    this.addSql(`alter table if exists "kapy_ledger_entry" drop column if exists "voids_entry_id";`);

    this.addSql(`alter table if exists "kapy_ledger_entry" add constraint "kapy_ledger_entry_reason_check" check("reason" in ('order', 'review', 'social', 'signup', 'birthday', 'referral', 'custom', 'adjustment', 'redemption', 'reversal', 'release', 'expiry', 'import'));`);
    this.addSql(`alter table if exists "kapy_ledger_entry" drop column if exists "idempotency_scope";`);
    this.addSql(`alter table if exists "kapy_ledger_entry" add column if not exists "customer_id" text null;`);
    this.addSql(`drop table if exists "kapy_account_identity" cascade;`);
  }

}

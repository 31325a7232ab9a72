import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123053441 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "kapy_tier" drop constraint if exists "kapy_tier_name_unique";`);
    this.addSql(`alter table if exists "kapy_tier" drop constraint if exists "kapy_tier_rank_unique";`);
    this.addSql(`alter table if exists "kapy_program" drop constraint if exists "kapy_program_handle_unique";`);
    this.addSql(`alter table if exists "kapy_points_lot" drop constraint if exists "kapy_points_lot_entry_id_unique";`);
    this.addSql(`alter table if exists "kapy_ledger_entry" drop constraint if exists "kapy_ledger_entry_idempotency_key_unique";`);
    this.addSql(`alter table if exists "kapy_account" drop constraint if exists "kapy_account_referral_code_unique";`);
    this.addSql(`alter table if exists "kapy_account" drop constraint if exists "kapy_account_customer_id_unique";`);
    this.addSql(`create table if not exists "kapy_account" ("id" text not null, "customer_id" text not null, "points_balance" integer not null default 0, "points_pending" integer not null default 0, "lifetime_points" integer not null default 0, "lifetime_redeemed" integer not null default 0, "tier_id" text null, "referral_code" text not null, "birthday" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_account_pkey" primary key ("id"), constraint kapy_account_pending_not_negative check (points_pending >= 0));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_account_deleted_at" ON "kapy_account" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_account_customer_id_unique" ON "kapy_account" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_account_referral_code_unique" ON "kapy_account" ("referral_code") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "kapy_ledger_entry" ("id" text not null, "account_id" text not null, "customer_id" text not null, "reason" text check ("reason" in ('order', 'review', 'social', 'signup', 'birthday', 'referral', 'custom', 'adjustment', 'redemption', 'reversal', 'release', 'expiry', 'import')) not null, "points" integer not null, "available_delta" integer not null, "pending_delta" integer not null, "lifetime_delta" integer not null, "redeemed_delta" integer not null, "balance_after" integer not null, "pending_after" integer not null, "idempotency_key" text not null, "source_type" text null, "source_id" text null, "origin_entry_id" text null, "actor_type" text check ("actor_type" in ('customer', 'user', 'system')) not null, "actor_id" text null, "note" text null, "sales_channel_id" text null, "currency_code" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_ledger_entry_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_ledger_entry_account_id" ON "kapy_ledger_entry" ("account_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_ledger_entry_deleted_at" ON "kapy_ledger_entry" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_ledger_entry_idempotency_key_unique" ON "kapy_ledger_entry" ("idempotency_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_ledger_entry_account_id_created_at" ON "kapy_ledger_entry" ("account_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_ledger_entry_source_type_source_id" ON "kapy_ledger_entry" ("source_type", "source_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_ledger_entry_origin_entry_id" ON "kapy_ledger_entry" ("origin_entry_id") WHERE origin_entry_id IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "kapy_points_lot" ("id" text not null, "account_id" text not null, "entry_id" text not null, "status" text check ("status" in ('pending', 'available')) not null, "points" integer not null, "remaining" integer not null, "available_at" timestamptz null, "expires_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_points_lot_pkey" primary key ("id"), constraint kapy_points_lot_remaining_in_range check (remaining >= 0 AND remaining <= points));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_points_lot_account_id" ON "kapy_points_lot" ("account_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_points_lot_deleted_at" ON "kapy_points_lot" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_points_lot_entry_id_unique" ON "kapy_points_lot" ("entry_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_points_lot_account_id_status_expires_at" ON "kapy_points_lot" ("account_id", "status", "expires_at") WHERE remaining > 0 AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_points_lot_available_at" ON "kapy_points_lot" ("available_at") WHERE status = 'pending' AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "kapy_program" ("id" text not null, "handle" text not null, "settings" jsonb not null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_program_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_program_deleted_at" ON "kapy_program" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_program_handle_unique" ON "kapy_program" ("handle") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "kapy_tier" ("id" text not null, "name" text not null, "rank" integer not null, "threshold" numeric not null, "multiplier" numeric not null, "discount_percent" numeric null, "customer_group_id" text null, "perks" text null, "translations" jsonb null, "metadata" jsonb null, "raw_threshold" jsonb not null, "raw_multiplier" jsonb not null, "raw_discount_percent" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_tier_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_tier_deleted_at" ON "kapy_tier" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_tier_rank_unique" ON "kapy_tier" ("rank") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_tier_name_unique" ON "kapy_tier" ("name") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "kapy_ledger_entry" add constraint "kapy_ledger_entry_account_id_foreign" foreign key ("account_id") references "kapy_account" ("id") on update cascade;`);

    this.addSql(`alter table if exists "kapy_points_lot" add constraint "kapy_points_lot_account_id_foreign" foreign key ("account_id") references "kapy_account" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "kapy_ledger_entry" drop constraint if exists "kapy_ledger_entry_account_id_foreign";`);

    this.addSql(`alter table if exists "kapy_points_lot" drop constraint if exists "kapy_points_lot_account_id_foreign";`);

    this.addSql(`drop table if exists "kapy_account" cascade;`);

    this.addSql(`drop table if exists "kapy_ledger_entry" cascade;`);

    this.addSql(`drop table if exists "kapy_points_lot" cascade;`);

    this.addSql(`drop table if exists "kapy_program" cascade;`);

    this.addSql(`drop table if exists "kapy_tier" cascade;`);
  }

}

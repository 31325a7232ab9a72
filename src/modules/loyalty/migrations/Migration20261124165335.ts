import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261124165335 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "kapy_tier_qualification" drop constraint if exists "kapy_tier_qualification_idempotency_key_unique";`);
    this.addSql(`create table if not exists "kapy_tier_qualification" ("id" text not null, "account_id" text not null, "kind" text check ("kind" in ('placed', 'reversed')) not null, "source_type" text not null, "source_id" text not null, "idempotency_key" text not null, "spend" numeric null, "amount" numeric not null, "currency_code" text not null, "orders" integer not null default 0, "occurred_at" timestamptz not null, "metadata" jsonb null, "raw_spend" jsonb null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_tier_qualification_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_tier_qualification_deleted_at" ON "kapy_tier_qualification" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_tier_qualification_idempotency_key_unique" ON "kapy_tier_qualification" ("idempotency_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_tier_qualification_account_id_occurred_at" ON "kapy_tier_qualification" ("account_id", "occurred_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_tier_qualification_occurred_at" ON "kapy_tier_qualification" ("occurred_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "kapy_account" add column if not exists "tier_since" timestamptz null, add column if not exists "tier_expires_at" timestamptz null, add column if not exists "earned_tier_id" text null, add column if not exists "earned_tier_since" timestamptz null, add column if not exists "earned_tier_expires_at" timestamptz null, add column if not exists "tier_override_id" text null, add column if not exists "tier_override_until" timestamptz null, add column if not exists "tier_override_reason" text null, add column if not exists "tier_override_by" text null, add column if not exists "tier_evaluated_at" timestamptz null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_account_tier_expires_at" ON "kapy_account" ("tier_expires_at") WHERE tier_expires_at IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_account_earned_tier_expires_at" ON "kapy_account" ("earned_tier_expires_at") WHERE earned_tier_expires_at IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "kapy_tier_qualification" cascade;`);

    this.addSql(`drop index if exists "IDX_kapy_account_tier_expires_at";`);
    this.addSql(`drop index if exists "IDX_kapy_account_earned_tier_expires_at";`);
    this.addSql(`alter table if exists "kapy_account" drop column if exists "tier_since", drop column if exists "tier_expires_at", drop column if exists "earned_tier_id", drop column if exists "earned_tier_since", drop column if exists "earned_tier_expires_at", drop column if exists "tier_override_id", drop column if exists "tier_override_until", drop column if exists "tier_override_reason", drop column if exists "tier_override_by", drop column if exists "tier_evaluated_at";`);
  }

}

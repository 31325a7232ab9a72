import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261124190500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "kapy_shopify_webhook" ("id" text not null, "webhook_id" text not null, "event_id" text null, "topic" text not null, "shop_domain" text not null, "api_version" text null, "status" text check ("status" in ('received', 'processed', 'skipped', 'failed')) not null default 'received', "note" text null, "customer_id" text null, "payload" jsonb null, "attempts" integer not null default 0, "processed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_shopify_webhook_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_webhook_deleted_at" ON "kapy_shopify_webhook" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_shopify_webhook_webhook_id_unique" ON "kapy_shopify_webhook" ("webhook_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_webhook_event_id" ON "kapy_shopify_webhook" ("event_id") WHERE event_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_webhook_status_created_at" ON "kapy_shopify_webhook" ("status", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_webhook_customer_id" ON "kapy_shopify_webhook" ("customer_id") WHERE customer_id IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "kapy_shopify_shop" ("id" text not null, "shop_domain" text not null, "access_token_encrypted" text null, "scopes" text null, "currency_code" text null, "installed_at" timestamptz null, "uninstalled_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_shopify_shop_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_shop_deleted_at" ON "kapy_shopify_shop" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_shopify_shop_shop_domain_unique" ON "kapy_shopify_shop" ("shop_domain") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "kapy_shopify_sync_cursor" ("id" text not null, "shop_domain" text not null, "resource" text not null, "updated_since" timestamptz null, "cursor" text null, "run_max_updated_at" timestamptz null, "last_run_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_shopify_sync_cursor_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_sync_cursor_deleted_at" ON "kapy_shopify_sync_cursor" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_shopify_sync_cursor_shop_domain_resource_unique" ON "kapy_shopify_sync_cursor" ("shop_domain", "resource") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "kapy_shopify_discount_code" ("id" text not null, "shop_domain" text not null, "code" text not null, "account_id" text not null, "shopify_customer_id" text null, "shopify_discount_id" text null, "points" integer not null, "amount" numeric not null, "currency_code" text not null, "status" text check ("status" in ('creating', 'active', 'used', 'expired', 'failed')) not null default 'creating', "spend_entry_id" text null, "return_entry_id" text null, "expires_at" timestamptz not null, "used_at" timestamptz null, "note" text null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_shopify_discount_code_pkey" primary key ("id"), constraint kapy_shopify_discount_code_points_positive check (points > 0));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_discount_code_deleted_at" ON "kapy_shopify_discount_code" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_shopify_discount_code_code_unique" ON "kapy_shopify_discount_code" ("code") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_discount_code_status_expires_at" ON "kapy_shopify_discount_code" ("status", "expires_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_discount_code_account_id" ON "kapy_shopify_discount_code" ("account_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "kapy_shopify_refund" ("id" text not null, "shop_domain" text not null, "refund_id" text not null, "order_id" text not null, "amount" numeric not null, "currency_code" text null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_shopify_refund_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_refund_deleted_at" ON "kapy_shopify_refund" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_shopify_refund_shop_domain_refund_id_unique" ON "kapy_shopify_refund" ("shop_domain", "refund_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_refund_shop_domain_order_id" ON "kapy_shopify_refund" ("shop_domain", "order_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "kapy_shopify_refund" cascade;`);
    this.addSql(`drop table if exists "kapy_shopify_discount_code" cascade;`);
    this.addSql(`drop table if exists "kapy_shopify_sync_cursor" cascade;`);
    this.addSql(`drop table if exists "kapy_shopify_shop" cascade;`);
    this.addSql(`drop table if exists "kapy_shopify_webhook" cascade;`);
  }

}

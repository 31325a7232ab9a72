import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207121920 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "kapy_shopify_store_credit" drop constraint if exists "kapy_shopify_store_credit_shop_domain_request_key_unique";`);
    this.addSql(`create table if not exists "kapy_shopify_store_credit" ("id" text not null, "shop_domain" text not null, "request_key" text not null, "account_id" text not null, "shopify_customer_id" text null, "shopify_transaction_id" text null, "points" integer not null, "amount" numeric not null, "currency_code" text not null, "status" text check ("status" in ('crediting', 'active', 'used', 'expired', 'failed')) not null default 'crediting', "spend_entry_id" text null, "return_entry_id" text null, "unused_amount" numeric null, "returned_points" integer null, "expires_at" timestamptz not null, "note" text null, "raw_amount" jsonb not null, "raw_unused_amount" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_shopify_store_credit_pkey" primary key ("id"), constraint kapy_shopify_store_credit_points_positive check (points > 0));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_store_credit_deleted_at" ON "kapy_shopify_store_credit" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_shopify_store_credit_shop_domain_request_key_unique" ON "kapy_shopify_store_credit" ("shop_domain", "request_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_store_credit_status_expires_at" ON "kapy_shopify_store_credit" ("status", "expires_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_store_credit_account_id" ON "kapy_shopify_store_credit" ("account_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "kapy_shopify_store_credit" cascade;`);
  }

}

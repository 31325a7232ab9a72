import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261124194500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "kapy_shopify_tier_discount" ("id" text not null, "shop_domain" text not null, "tier_id" text not null, "segment_id" text null, "discount_id" text null, "percent" numeric null, "synced_at" timestamptz null, "raw_percent" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_shopify_tier_discount_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_tier_discount_deleted_at" ON "kapy_shopify_tier_discount" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_shopify_tier_discount_shop_domain_tier_id_unique" ON "kapy_shopify_tier_discount" ("shop_domain", "tier_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "kapy_shopify_tier_discount" cascade;`);
  }

}

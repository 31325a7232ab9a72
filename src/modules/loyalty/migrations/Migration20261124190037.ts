import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261124190037 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "kapy_tier" add column if not exists "price_list_id" text null, add column if not exists "promotion_id" text null;`);

    this.addSql(`create table if not exists "kapy_early_access" ("id" text not null, "product_id" text not null, "tier_ids" jsonb not null, "until" timestamptz not null, "created_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_early_access_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_early_access_deleted_at" ON "kapy_early_access" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_early_access_product_id_unique" ON "kapy_early_access" ("product_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_early_access_until" ON "kapy_early_access" ("until") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "kapy_early_access" cascade;`);
    this.addSql(`alter table if exists "kapy_tier" drop column if exists "price_list_id", drop column if exists "promotion_id";`);
  }

}

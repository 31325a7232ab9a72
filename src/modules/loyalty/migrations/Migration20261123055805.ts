import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123055805 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "kapy_campaign" ("id" text not null, "name" text not null, "multiplier" numeric not null, "scope" text check ("scope" in ('catalog', 'collection', 'category', 'product')) not null, "target_ids" jsonb not null, "starts_at" timestamptz not null, "ends_at" timestamptz null, "metadata" jsonb null, "raw_multiplier" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_campaign_pkey" primary key ("id"), constraint kapy_campaign_multiplier_positive check (multiplier > 0));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_campaign_deleted_at" ON "kapy_campaign" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_campaign_starts_at_ends_at" ON "kapy_campaign" ("starts_at", "ends_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "kapy_campaign" cascade;`);
  }

}

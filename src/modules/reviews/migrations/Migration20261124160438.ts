import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261124160438 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "kapy_review" drop constraint if exists "kapy_review_product_id_customer_id_unique";`);
    this.addSql(`create table if not exists "kapy_review" ("id" text not null, "product_id" text not null, "customer_id" text not null, "display_name" text not null, "rating" integer not null, "title" text not null, "content" text not null, "status" text check ("status" in ('pending', 'approved', 'rejected')) not null default 'pending', "verified_purchase" boolean not null default false, "reject_reason" text null, "decided_by" text null, "decided_at" timestamptz null, "award_entry_id" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_review_pkey" primary key ("id"), constraint kapy_review_rating_1_to_5 check (rating BETWEEN 1 AND 5), constraint kapy_review_reason_when_rejected check (status <> 'rejected' OR reject_reason IS NOT NULL));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_review_deleted_at" ON "kapy_review" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_review_product_id_customer_id_unique" ON "kapy_review" ("product_id", "customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_review_product_id_status_created_at" ON "kapy_review" ("product_id", "status", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_review_status_created_at" ON "kapy_review" ("status", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_review_customer_id" ON "kapy_review" ("customer_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "kapy_review" cascade;`);
  }

}

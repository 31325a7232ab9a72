import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207053441 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "kapy_shopify_webhook" drop constraint if exists "kapy_shopify_webhook_shop_domain_topic_event_id_unique";`);
    this.addSql(`alter table if exists "kapy_shopify_data_request" drop constraint if exists "kapy_shopify_data_request_delivery_id_unique";`);
    this.addSql(`create table if not exists "kapy_shopify_data_request" ("id" text not null, "shop_domain" text not null, "delivery_id" text not null, "data_request_id" text null, "shopify_customer_id" text null, "email" text null, "account_id" text null, "status" text check ("status" in ('ready', 'empty', 'erased')) not null, "export" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_shopify_data_request_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_data_request_deleted_at" ON "kapy_shopify_data_request" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_shopify_data_request_delivery_id_unique" ON "kapy_shopify_data_request" ("delivery_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_data_request_shopify_customer_id" ON "kapy_shopify_data_request" ("shopify_customer_id") WHERE shopify_customer_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_data_request_shop_domain_created_at" ON "kapy_shopify_data_request" ("shop_domain", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`drop index if exists "IDX_kapy_shopify_webhook_event_id";`);

    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_shopify_webhook_shop_domain_topic_event_id_unique" ON "kapy_shopify_webhook" ("shop_domain", "topic", "event_id") WHERE event_id IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "kapy_shopify_data_request" cascade;`);

    this.addSql(`drop index if exists "IDX_kapy_shopify_webhook_shop_domain_topic_event_id_unique";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_webhook_event_id" ON "kapy_shopify_webhook" ("event_id") WHERE event_id IS NOT NULL AND deleted_at IS NULL;`);
  }

}

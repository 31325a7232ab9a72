import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The webhook table becomes the batched earner's inbox: each delivery says
 * which Shopify order it is about (`order_key`, so a batch keeps an order's
 * deliveries together and in order) and when it may next be tried
 * (`next_attempt_at`, the backoff); after 8 failed tries it is `dead`
 * (shown in the admin, retried by hand). The outbox holds what a committed
 * batch still has to do outside its transaction (tier sync, events,
 * Shopify calls), read after the commit.
 */
export class Migration20261208000300 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "kapy_shopify_webhook" add column if not exists "order_key" text null, add column if not exists "next_attempt_at" timestamptz not null default now();`);
    this.addSql(`alter table if exists "kapy_shopify_webhook" drop constraint if exists "kapy_shopify_webhook_status_check";`);
    this.addSql(`alter table if exists "kapy_shopify_webhook" add constraint "kapy_shopify_webhook_status_check" check ("status" in ('received', 'processed', 'skipped', 'failed', 'dead'));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_webhook_due" ON "kapy_shopify_webhook" ("next_attempt_at", "created_at") WHERE status IN ('received', 'failed') AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_webhook_order_key" ON "kapy_shopify_webhook" ("shop_domain", "order_key") WHERE order_key IS NOT NULL AND status IN ('received', 'failed') AND deleted_at IS NULL;`);
    this.addSql(`create table if not exists "kapy_shopify_outbox" ("id" bigserial not null, "kind" text not null, "payload" jsonb not null, "attempts" integer not null default 0, "next_attempt_at" timestamptz not null default now(), "note" text null, "done_at" timestamptz null, "created_at" timestamptz not null default now(), constraint "kapy_shopify_outbox_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_shopify_outbox_due" ON "kapy_shopify_outbox" ("next_attempt_at", "id") WHERE done_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "kapy_shopify_outbox" cascade;`);
    this.addSql(`drop index if exists "IDX_kapy_shopify_webhook_due";`);
    this.addSql(`drop index if exists "IDX_kapy_shopify_webhook_order_key";`);
    this.addSql(`update "kapy_shopify_webhook" set status = 'failed' where status = 'dead';`);
    this.addSql(`alter table if exists "kapy_shopify_webhook" drop constraint if exists "kapy_shopify_webhook_status_check";`);
    this.addSql(`alter table if exists "kapy_shopify_webhook" add constraint "kapy_shopify_webhook_status_check" check ("status" in ('received', 'processed', 'skipped', 'failed'));`);
    this.addSql(`alter table if exists "kapy_shopify_webhook" drop column if exists "order_key", drop column if exists "next_attempt_at";`);
  }

}

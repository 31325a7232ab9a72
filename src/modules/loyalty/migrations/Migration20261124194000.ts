import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Stamp cards: the cards an admin defines, the stamps orders give (and the
 * reversals of cancelled orders), once per card, order and kind by a unique
 * index, and each filled card with its reward code, once per card, member
 * and fill.
 */
export class Migration20261124194000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists "kapy_stamp_card" ("id" text not null, "name" text not null, "stamps_needed" integer not null, "trigger" jsonb not null, "min_amount" jsonb null, "reward" jsonb not null, "active" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_stamp_card_pkey" primary key ("id"), constraint kapy_stamp_card_stamps_needed check (stamps_needed BETWEEN 2 AND 100));`)
    this.addSql(`create table if not exists "kapy_stamp" ("id" text not null, "card_id" text not null, "account_id" text not null, "order_id" text not null, "kind" text check ("kind" in ('stamp', 'reversal')) not null, "delta" integer not null, "created_at" timestamptz not null default now(), constraint "kapy_stamp_pkey" primary key ("id"), constraint kapy_stamp_delta check ((kind = 'stamp' AND delta = 1) OR (kind = 'reversal' AND delta = -1)));`)
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_stamp_card_order_kind_unique" ON "kapy_stamp" ("card_id", "order_id", "kind");`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_stamp_account_card" ON "kapy_stamp" ("account_id", "card_id");`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_stamp_order_id" ON "kapy_stamp" ("order_id");`)
    this.addSql(`create table if not exists "kapy_stamp_completion" ("id" text not null, "card_id" text not null, "account_id" text not null, "seq" integer not null, "order_id" text null, "promotion_id" text null, "code" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "kapy_stamp_completion_pkey" primary key ("id"));`)
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_stamp_completion_card_account_seq_unique" ON "kapy_stamp_completion" ("card_id", "account_id", "seq");`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "kapy_stamp_completion" cascade;`)
    this.addSql(`drop table if exists "kapy_stamp" cascade;`)
    this.addSql(`drop table if exists "kapy_stamp_card" cascade;`)
  }
}

import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261124160439 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "kapy_claim" drop constraint if exists "kapy_claim_account_id_platform_unique";`);
    this.addSql(`create table if not exists "kapy_action" ("id" text not null, "name" jsonb not null, "points" integer not null, "frequency" text check ("frequency" in ('once', 'repeatable')) not null default 'once', "limit_count" integer null, "limit_period" text check ("limit_period" in ('day', 'week', 'month')) null, "auto_approve" boolean not null default false, "active" boolean not null default true, "starts_at" timestamptz null, "ends_at" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_action_pkey" primary key ("id"), constraint kapy_action_points_not_negative check (points >= 0), constraint kapy_action_limit_whole check ((limit_count IS NULL) = (limit_period IS NULL) AND (limit_count IS NULL OR limit_count >= 1)));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_action_deleted_at" ON "kapy_action" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_action_active_starts_at_ends_at" ON "kapy_action" ("active", "starts_at", "ends_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "kapy_claim" ("id" text not null, "account_id" text not null, "type" text check ("type" in ('social_follow', 'custom')) not null, "platform" text null, "action_id" text null, "handle" text null, "evidence" text null, "status" text check ("status" in ('pending', 'approved', 'rejected')) not null default 'pending', "points" integer not null, "reject_reason" text null, "decided_by" text null, "decided_at" timestamptz null, "entry_id" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_claim_pkey" primary key ("id"), constraint kapy_claim_target check ((type = 'social_follow' AND platform IS NOT NULL) OR (type = 'custom' AND action_id IS NOT NULL)), constraint kapy_claim_points_not_negative check (points >= 0), constraint kapy_claim_reason_when_rejected check (status <> 'rejected' OR reject_reason IS NOT NULL));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_claim_deleted_at" ON "kapy_claim" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_claim_account_id_platform_unique" ON "kapy_claim" ("account_id", "platform") WHERE type = 'social_follow' AND status <> 'rejected' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_claim_account_id_created_at" ON "kapy_claim" ("account_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_claim_action_id_account_id_created_at" ON "kapy_claim" ("action_id", "account_id", "created_at") WHERE action_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_claim_status_created_at" ON "kapy_claim" ("status", "created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "kapy_action" cascade;`);

    this.addSql(`drop table if exists "kapy_claim" cascade;`);
  }

}

import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261124155112 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "kapy_referral" drop constraint if exists "kapy_referral_friend_account_id_unique";`);
    this.addSql(`create table if not exists "kapy_referral" ("id" text not null, "referrer_account_id" text not null, "friend_account_id" text not null, "code" text not null, "status" text check ("status" in ('pending', 'completed', 'rejected', 'void')) not null default 'pending', "reason" text null, "overruled_reason" text null, "approval_note" text null, "approved_by" text null, "approved_at" timestamptz null, "ip_hash" text null, "friend_reward" jsonb null, "order_id" text null, "qualifies_at" timestamptz null, "completed_at" timestamptz null, "referrer_points" integer null, "referrer_entry_id" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "kapy_referral_pkey" primary key ("id"), constraint kapy_referral_reason_when_rejected_or_void check (status NOT IN ('rejected', 'void') OR reason IS NOT NULL), constraint kapy_referral_completed_has_entry check (status <> 'completed' OR (completed_at IS NOT NULL AND (referrer_entry_id IS NOT NULL OR referrer_points = 0))));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_referral_deleted_at" ON "kapy_referral" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_referral_friend_account_id_unique" ON "kapy_referral" ("friend_account_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_referral_referrer_account_id_status" ON "kapy_referral" ("referrer_account_id", "status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_referral_order_id" ON "kapy_referral" ("order_id") WHERE order_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_referral_qualifies_at" ON "kapy_referral" ("qualifies_at") WHERE status = 'pending' AND qualifies_at IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_referral_ip_hash_created_at" ON "kapy_referral" ("ip_hash", "created_at") WHERE ip_hash IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "kapy_referral" cascade;`);
  }

}

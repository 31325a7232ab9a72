import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * The reports' daily rollup (see reads/report-rollup.ts for how it is kept
 * and read):
 *
 * - `kapy_report_day`: per UTC day, sales channel, currency and reason, the
 *   entries' count and their sums of `points`, `lifetime_delta` and
 *   `redeemed_delta` (merge entries left out, as every report leaves them
 *   out). Channel and currency are resolved as the reports resolve them;
 *   a currency no entry, order or cart names is stored as null, so the
 *   program's default currency is applied when the report is read.
 * - `kapy_report_watermark`: one row, `rolled_until`: the rollup holds every
 *   entry created before it (no row: nothing rolled yet).
 * - `kapy_report_late_day`: days that got an entry *late*, written more than
 *   `kapy_report_late_margin()` after its `created_at` (a transaction open
 *   that long, or an explicit `created_at`). A trigger marks them, one row
 *   per day and transaction, so the mark commits with the entry; a report
 *   reads a marked day from the ledger until the job has rolled it again.
 *   An entry written in time needs nothing: the trigger's WHEN is false and
 *   no function runs.
 * - an index on `kapy_ledger_entry.created_at`, for the live reads (today,
 *   a range's partial first and last days, late days).
 * - TRUNCATE of the ledger (a deliberate wipe, the tests' reset) empties the
 *   rollup with it.
 */
export class Migration20261125090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists "kapy_report_day" ("day" date not null, "sales_channel_id" text null, "currency_code" text null, "reason" text not null, "entries" bigint not null, "points" bigint not null, "lifetime_delta" bigint not null, "redeemed_delta" bigint not null, constraint kapy_report_day_entries_positive check (entries > 0));`)
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_kapy_report_day_unique" ON "kapy_report_day" ("day", COALESCE("sales_channel_id", ''), COALESCE("currency_code", ''), "reason");`)
    this.addSql(`create table if not exists "kapy_report_watermark" ("id" text not null default 'ledger', "rolled_until" timestamptz not null, "updated_at" timestamptz not null default now(), constraint "kapy_report_watermark_pkey" primary key ("id"), constraint kapy_report_watermark_one_row check (id = 'ledger'));`)
    this.addSql(`create table if not exists "kapy_report_late_day" ("day" date not null, "xact_id" xid8 not null default pg_current_xact_id(), constraint "kapy_report_late_day_pkey" primary key ("day", "xact_id"));`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_ledger_entry_created_at" ON "kapy_ledger_entry" ("created_at");`)
    this.addSql(`
      CREATE OR REPLACE FUNCTION kapy_report_late_margin() RETURNS interval
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT interval '10 minutes' $$;
    `)
    this.addSql(`
      CREATE OR REPLACE FUNCTION kapy_report_mark_late_day() RETURNS trigger AS $$
      BEGIN
        INSERT INTO kapy_report_late_day (day) VALUES ((NEW.created_at AT TIME ZONE 'UTC')::date)
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END;
      $$ LANGUAGE plpgsql;
    `)
    this.addSql(`DROP TRIGGER IF EXISTS kapy_report_mark_late_day ON "kapy_ledger_entry";`)
    this.addSql(`
      CREATE TRIGGER kapy_report_mark_late_day
        AFTER INSERT ON "kapy_ledger_entry"
        FOR EACH ROW WHEN (NEW.created_at < clock_timestamp() - kapy_report_late_margin())
        EXECUTE FUNCTION kapy_report_mark_late_day();
    `)
    this.addSql(`
      CREATE OR REPLACE FUNCTION kapy_report_forget_rollup() RETURNS trigger AS $$
      BEGIN
        DELETE FROM kapy_report_day;
        DELETE FROM kapy_report_watermark;
        DELETE FROM kapy_report_late_day;
        RETURN NULL;
      END;
      $$ LANGUAGE plpgsql;
    `)
    this.addSql(`DROP TRIGGER IF EXISTS kapy_report_forget_rollup ON "kapy_ledger_entry";`)
    this.addSql(`
      CREATE TRIGGER kapy_report_forget_rollup
        AFTER TRUNCATE ON "kapy_ledger_entry"
        FOR EACH STATEMENT EXECUTE FUNCTION kapy_report_forget_rollup();
    `)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP TRIGGER IF EXISTS kapy_report_forget_rollup ON "kapy_ledger_entry";`)
    this.addSql(`DROP TRIGGER IF EXISTS kapy_report_mark_late_day ON "kapy_ledger_entry";`)
    this.addSql(`DROP FUNCTION IF EXISTS kapy_report_forget_rollup();`)
    this.addSql(`DROP FUNCTION IF EXISTS kapy_report_mark_late_day();`)
    this.addSql(`DROP FUNCTION IF EXISTS kapy_report_late_margin();`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_kapy_ledger_entry_created_at";`)
    this.addSql(`drop table if exists "kapy_report_late_day" cascade;`)
    this.addSql(`drop table if exists "kapy_report_watermark" cascade;`)
    this.addSql(`drop table if exists "kapy_report_day" cascade;`)
  }
}

import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * The program's generation, for the cached program (program/program-cache.ts):
 *
 * - `kapy_program_generation`: one row, `token`: a random value that every
 *   committed change of the program's definition replaces — the settings
 *   (`kapy_program`), the tiers, stamp cards, custom actions and campaigns.
 *   A statement trigger on each of those tables replaces it in the writing
 *   transaction, so the new token becomes visible exactly when the change
 *   commits, whichever code wrote it (the module, an admin route, a test's
 *   SQL), and a rolled-back change never shows its token to anyone.
 * - Random, not a counter: a database restored or truncated (the tests'
 *   reset) never brings back a number some process cached other content
 *   under.
 * - TRUNCATE of any of those tables replaces it too.
 *
 * Readers read the token inside the statement they send anyway (the
 * member's read) or alone (one indexed row), and use their cached program
 * while it is the same.
 */
export class Migration20261208000200 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists "kapy_program_generation" ("id" smallint not null default 1, "token" text not null, "changed_at" timestamptz not null default now(), constraint "kapy_program_generation_pkey" primary key ("id"), constraint kapy_program_generation_one_row check (id = 1));`)
    this.addSql(`INSERT INTO "kapy_program_generation" (id, token) VALUES (1, md5(random()::text || clock_timestamp()::text)) ON CONFLICT (id) DO NOTHING;`)
    this.addSql(`
      CREATE OR REPLACE FUNCTION kapy_bump_program_generation() RETURNS trigger AS $$
      BEGIN
        INSERT INTO kapy_program_generation (id, token, changed_at)
          VALUES (1, md5(random()::text || clock_timestamp()::text), now())
          ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at;
        RETURN NULL;
      END
      $$ LANGUAGE plpgsql;
    `)
    for (const table of PROGRAM_TABLES) {
      this.addSql(`DROP TRIGGER IF EXISTS "${table}_bump_generation" ON "${table}";`)
      this.addSql(`CREATE TRIGGER "${table}_bump_generation" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION kapy_bump_program_generation();`)
      this.addSql(`DROP TRIGGER IF EXISTS "${table}_truncate_bump_generation" ON "${table}";`)
      this.addSql(`CREATE TRIGGER "${table}_truncate_bump_generation" AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION kapy_bump_program_generation();`)
    }
  }

  override async down(): Promise<void> {
    for (const table of PROGRAM_TABLES) {
      this.addSql(`DROP TRIGGER IF EXISTS "${table}_bump_generation" ON "${table}";`)
      this.addSql(`DROP TRIGGER IF EXISTS "${table}_truncate_bump_generation" ON "${table}";`)
    }
    this.addSql(`DROP FUNCTION IF EXISTS kapy_bump_program_generation();`)
    this.addSql(`drop table if exists "kapy_program_generation" cascade;`)
  }
}

/** What the cached program is made of. */
const PROGRAM_TABLES = ["kapy_program", "kapy_tier", "kapy_stamp_card", "kapy_action", "kapy_campaign"]

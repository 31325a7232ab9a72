import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Makes the ledger append-only in the database itself, so that no code path
 * (a future bug, a hand-written query, another service) can edit or delete
 * history: corrections are new entries. TRUNCATE, used by test resets and
 * deliberate wipes, is a different statement and stays possible.
 */
export class Migration20261123053500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE OR REPLACE FUNCTION kapy_ledger_entry_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'kapy_ledger_entry is append-only: % refused on entry %', TG_OP, OLD.id
          USING ERRCODE = 'integrity_constraint_violation';
      END;
      $$ LANGUAGE plpgsql;
    `)
    this.addSql(`DROP TRIGGER IF EXISTS kapy_ledger_entry_append_only ON "kapy_ledger_entry";`)
    this.addSql(`
      CREATE TRIGGER kapy_ledger_entry_append_only
        BEFORE UPDATE OR DELETE ON "kapy_ledger_entry"
        FOR EACH ROW EXECUTE FUNCTION kapy_ledger_entry_append_only();
    `)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP TRIGGER IF EXISTS kapy_ledger_entry_append_only ON "kapy_ledger_entry";`)
    this.addSql(`DROP FUNCTION IF EXISTS kapy_ledger_entry_append_only();`)
  }
}

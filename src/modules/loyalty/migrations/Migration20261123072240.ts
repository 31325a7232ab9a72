import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123072240 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index if exists "IDX_kapy_points_lot_account_id_status_expires_at";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_points_lot_account_id_expires_at_created_at_id" ON "kapy_points_lot" ("account_id", "expires_at", "created_at", "id") WHERE status = 'available' AND remaining > 0 AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_kapy_points_lot_account_id_expires_at_created_at_id";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_kapy_points_lot_account_id_status_expires_at" ON "kapy_points_lot" ("account_id", "status", "expires_at") WHERE remaining > 0 AND deleted_at IS NULL;`);
  }

}

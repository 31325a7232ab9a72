import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/** Expiring offline tokens: the token's expiry and its refresh token (encrypted) with its own expiry. */
export class Migration20261207123000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "kapy_shopify_shop" add column if not exists "access_token_expires_at" timestamptz null, add column if not exists "refresh_token_encrypted" text null, add column if not exists "refresh_token_expires_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "kapy_shopify_shop" drop column if exists "access_token_expires_at", drop column if exists "refresh_token_encrypted", drop column if exists "refresh_token_expires_at";`);
  }

}

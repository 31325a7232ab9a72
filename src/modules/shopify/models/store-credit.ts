import { model } from "@medusajs/framework/utils"

export const STORE_CREDIT_STATUSES = ["crediting", "active", "used", "expired", "failed"] as const
export type StoreCreditStatus = (typeof STORE_CREDIT_STATUSES)[number]

/**
 * Cones a member turned into Shopify store credit through the app proxy,
 * one row per redeem request (`request_key`, unique per shop: a retried
 * request finds the credit it made). `crediting` while Shopify is asked;
 * `active` once the credit transaction exists; at its expiry `used` when
 * nothing of it was left, or `expired` when a part lapsed unused and that
 * part's cones came back (once: a conditional update from `active`);
 * `failed` when Shopify refused it (the cones came back).
 */
const ShopifyStoreCredit = model
  .define(
    { tableName: "kapy_shopify_store_credit", name: "ShopifyStoreCredit" },
    {
      id: model.id({ prefix: "kssr" }).primaryKey(),
      shop_domain: model.text(),
      request_key: model.text(),
      account_id: model.text(),
      shopify_customer_id: model.text().nullable(),
      /** The StoreCreditAccountCreditTransaction's gid, once credited. */
      shopify_transaction_id: model.text().nullable(),
      points: model.number(),
      amount: model.bigNumber(),
      currency_code: model.text(),
      status: model.enum([...STORE_CREDIT_STATUSES]).default("crediting"),
      /** The redemption entry that paid for it, and the entry that gave the unused part's cones back. */
      spend_entry_id: model.text().nullable(),
      return_entry_id: model.text().nullable(),
      /** What lapsed unused at the expiry (Shopify's remainingAmount then), and the cones that came back for it. */
      unused_amount: model.bigNumber().nullable(),
      returned_points: model.number().nullable(),
      expires_at: model.dateTime(),
      note: model.text().nullable(),
    }
  )
  .indexes([
    { on: ["shop_domain", "request_key"], unique: true },
    { on: ["status", "expires_at"] },
    { on: ["account_id"] },
  ])
  .checks([{ name: "kapy_shopify_store_credit_points_positive", expression: (c) => `${c.points} > 0` }])

export default ShopifyStoreCredit

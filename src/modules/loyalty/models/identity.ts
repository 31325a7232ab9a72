import { model } from "@medusajs/framework/utils"
import { IDENTITY_PROVIDERS } from "../../../types/loyalty"
import LoyaltyAccount from "./account"

/**
 * Who a loyalty account belongs to, kept beside the account and never in
 * the ledger: a Medusa customer (`provider: "medusa"`, the customer id), a
 * Shopify customer (`"shopify"`, its numeric id as a string), later a till.
 * One person known to several providers by the same verified email is one
 * account with several identities. Erasing a person (GDPR) removes their
 * identities; the entries, keyed by account only, stay as they are.
 */
const LoyaltyIdentity = model
  .define(
    { tableName: "kapy_account_identity", name: "LoyaltyIdentity" },
    {
      id: model.id({ prefix: "kidn" }).primaryKey(),
      account: model.belongsTo(() => LoyaltyAccount, { mappedBy: "identities" }),
      provider: model.enum([...IDENTITY_PROVIDERS]),
      /** The provider's id of the person, as text (Shopify ids exceed 2^53). */
      external_id: model.text(),
      /** Lower-cased; null once erased. */
      email: model.text().nullable(),
      /** Whether the provider vouches that the person owns the email. */
      email_verified: model.boolean().default(false),
      metadata: model.json().nullable(),
    }
  )
  .indexes([
    { on: ["provider", "external_id"], unique: true, where: "deleted_at IS NULL" },
    {
      on: ["provider", "email"],
      unique: true,
      where: "email_verified = true AND email IS NOT NULL AND deleted_at IS NULL",
    },
    { on: ["email"], where: "email_verified = true AND email IS NOT NULL AND deleted_at IS NULL" },
    { on: ["account_id"], where: "deleted_at IS NULL" },
  ])

export default LoyaltyIdentity

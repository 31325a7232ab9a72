/**
 * Types of personal data and consent, for routes, workflows and integrations.
 */

/** What a member can consent to: the program itself, and marketing per channel. */
export const CONSENT_PURPOSES = ["program", "marketing_email", "marketing_sms", "marketing_push"] as const
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number]

/** Marketing channels consent is asked for, one purpose each (`marketing_<channel>`). */
export const MARKETING_CHANNELS = ["email", "sms", "push"] as const
export type MarketingChannel = (typeof MARKETING_CHANNELS)[number]

/** A member's current decision on one purpose. */
export type LoyaltyConsentDTO = {
  account_id: string
  purpose: ConsentPurpose
  granted: boolean
  /** The version of the text agreed to (the last one granted). */
  text_version: string
  granted_at: Date | null
  withdrawn_at: Date | null
  /** Who recorded it: `store` (the shopper), `admin`, `import`. */
  source: string
  updated_at: Date
}

export type RecordConsentsInput = {
  account_id: string
  /** Purposes decided now; others are left as they are. */
  decisions: { purpose: ConsentPurpose; granted: boolean }[]
  /** The text version shown to the member; default the program's current one. */
  text_version?: string | null
  source: "store" | "admin" | "import"
  now?: Date
}

/** What erasing a person did (the ledger is never touched). */
export type MemberErasureResult = {
  /** Accounts the person's identities belonged to. */
  account_ids: string[]
  /** Medusa customer ids whose identities were erased (for the reviews module). */
  customer_ids: string[]
  /** Shopify customer ids whose identities were erased (for what the Shopify adapter keeps of them). */
  shopify_customer_ids: string[]
  /** Accounts left without any identity, and anonymised. */
  anonymised_account_ids: string[]
}

/** What erasing one provider identity did (Shopify's `customers/redact`). */
export type IdentityErasureResult = {
  /** The account the identity belonged to (after merges). */
  account_id: string
  /** Whether the account has no identity left and was anonymised too. */
  account_anonymised: boolean
}

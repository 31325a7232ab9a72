import type { ReferralRejection, ReferralStatus, ReferralVoidReason } from "../rules/referrals"

export type { ReferralRejection, ReferralStatus, ReferralVoidReason }

/** What the friend got for applying a code. */
export type FriendReward =
  | { type: "promotion"; promotion_id: string; code: string; amount: string; currency_code: string; min_order: string | null }
  | { type: "points"; points: number; entry_id: string }
  /** A single-use Shopify discount code for the friend's Shopify customer. */
  | {
      type: "shopify_code"
      code: string
      shopify_discount_id: string
      shopify_customer_id: string
      amount: string
      currency_code: string
      min_order: string | null
    }

export type LoyaltyReferralDTO = {
  id: string
  referrer_account_id: string
  friend_account_id: string
  code: string
  status: ReferralStatus
  reason: string | null
  overruled_reason: string | null
  approval_note: string | null
  approved_by: string | null
  approved_at: Date | null
  ip_hash: string | null
  friend_reward: FriendReward | null
  order_id: string | null
  qualifies_at: Date | null
  completed_at: Date | null
  referrer_points: number | null
  referrer_entry_id: string | null
  metadata: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
}

/** The facts about the two people that the fraud rules need, gathered from Medusa (or Shopify). */
export type ReferralPartyFacts = {
  customer_ids: string[]
  emails: (string | null)[]
  phones: (string | null)[]
}

export type ApplyReferralInput = {
  /** The friend: their account, or a Medusa customer's (made on first need). */
  friend: { account_id: string; customer_id?: never } | { customer_id: string; account_id?: never }
  code: string
  friend_facts: ReferralPartyFacts & { order_count: number }
  referrer_facts: ReferralPartyFacts
  ip_hash?: string | null
  now?: Date
}

export type ApplyReferralResult = {
  referral: LoyaltyReferralDTO
  /** False when this friend had applied the same code before: nothing new was recorded. */
  created: boolean
}

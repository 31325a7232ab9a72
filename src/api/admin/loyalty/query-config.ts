import { ADMIN_ENTRY_FIELDS } from "../../utils/loyalty-views"
import { ADMIN_REFERRAL_FIELDS } from "../../utils/referral-views"

const ACCOUNT_FIELDS = [
  "id",
  "status",
  "points_balance",
  "points_pending",
  "lifetime_points",
  "lifetime_redeemed",
  "tier_id",
  "referral_code",
  "created_at",
  "updated_at",
]

export const adminLoyaltyAccountsQueryConfig = {
  defaults: ACCOUNT_FIELDS,
  allowed: ACCOUNT_FIELDS,
  defaultLimit: 20,
  isList: true,
}

export const adminLoyaltyEntriesQueryConfig = {
  defaults: ADMIN_ENTRY_FIELDS,
  allowed: ADMIN_ENTRY_FIELDS,
  defaultLimit: 50,
  isList: true,
}

export const adminLoyaltyReferralsQueryConfig = {
  defaults: ADMIN_REFERRAL_FIELDS,
  allowed: ADMIN_REFERRAL_FIELDS,
  defaultLimit: 20,
  isList: true,
}

export const ADMIN_CLAIM_FIELDS = [
  "id",
  "account_id",
  "type",
  "platform",
  "action_id",
  "handle",
  "evidence",
  "status",
  "points",
  "reject_reason",
  "decided_by",
  "decided_at",
  "entry_id",
  "created_at",
]

export const adminLoyaltyClaimsQueryConfig = {
  defaults: ADMIN_CLAIM_FIELDS,
  allowed: ADMIN_CLAIM_FIELDS,
  defaultLimit: 20,
  isList: true,
}

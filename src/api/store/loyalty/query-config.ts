import { STORE_ENTRY_FIELDS } from "../../utils/loyalty-views"

export const storeLoyaltyTransactionsQueryConfig = {
  defaults: STORE_ENTRY_FIELDS,
  allowed: STORE_ENTRY_FIELDS,
  defaultLimit: 20,
  isList: true,
}

export const STORE_CLAIM_FIELDS = ["id", "type", "platform", "action_id", "handle", "status", "points", "reject_reason", "decided_at", "created_at"]

export const storeLoyaltyClaimsQueryConfig = {
  defaults: STORE_CLAIM_FIELDS,
  allowed: STORE_CLAIM_FIELDS,
  defaultLimit: 20,
  isList: true,
}

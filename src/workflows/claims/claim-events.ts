import type { LoyaltyClaimDTO } from "../../types/awards"
import type { LedgerResult } from "../../types/loyalty"

/** The payload of `loyalty.claim_approved`. */
export function claimApprovedData(claim: LoyaltyClaimDTO, result: LedgerResult | null) {
  return {
    claim_id: claim.id,
    account_id: claim.account_id,
    customer_id: result?.account.customer_id ?? null,
    type: claim.type,
    platform: claim.platform,
    action_id: claim.action_id,
    points: result && !result.replayed ? result.entry.points : 0,
    entry_id: claim.entry_id,
  }
}

import type { ActionFrequency, ActionPeriod, ClaimStatus, ClaimType } from "../rules/awards"

/** A member's claim to cones for a social follow or a custom action (see models/claim.ts). */
export type LoyaltyClaimDTO = {
  id: string
  account_id: string
  type: ClaimType
  platform: string | null
  action_id: string | null
  handle: string | null
  evidence: string | null
  status: ClaimStatus
  points: number
  reject_reason: string | null
  decided_by: string | null
  decided_at: Date | null
  entry_id: string | null
  created_at: Date
  updated_at: Date
}

export type SubmitClaimInput = {
  account_id: string
  now?: Date
} & (
  | { type: "social_follow"; platform: string; handle?: string | null }
  | { type: "custom"; action_id: string; evidence?: string | null }
)

export type LoyaltyActionDTO = {
  id: string
  name: Record<string, string>
  points: number
  frequency: ActionFrequency
  limit_count: number | null
  limit_period: ActionPeriod | null
  auto_approve: boolean
  active: boolean
  starts_at: Date | null
  ends_at: Date | null
}

/** One claim's decision in a bulk request. */
export type ClaimDecisionResult =
  | { id: string; ok: true; claim: LoyaltyClaimDTO }
  | { id: string; ok: false; type: string; message: string }

/** A review or claim whose award and ledger disagree (reconcile). */
export type AwardDrift = { kind: "review" | "claim"; id: string; problem: string }

import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { KAPY_REVIEWS_MODULE } from "../../../modules/reviews"
import type ReviewModuleService from "../../../modules/reviews/service"
import { reviewAwardKey } from "../../../rules/awards"
import type { AwardDrift } from "../../../types/awards"

const BATCH = 1000

/**
 * Reviews against the ledger, for the reconcile command (the two modules
 * share no tables, so the check asks each): every approved review with an
 * award has exactly one standing award entry for its customer and product,
 * and every standing review award entry has its review.
 */
export async function reconcileReviewAwards(container: MedusaContainer): Promise<AwardDrift[]> {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const reviews = container.resolve<ReviewModuleService>(KAPY_REVIEWS_MODULE)
  const drifts: AwardDrift[] = []

  const standing = new Map<string, { id: string; source_id: string | null }[]>()
  const entries: { id: string; source_id: string | null }[] = []
  for (let after: string | null = null; ; ) {
    const batch = await loyalty.listStandingAwardEntries({ source_type: "review", reasons: ["review"], after, limit: BATCH })
    if (!batch.length) {
      break
    }
    for (const e of batch) {
      standing.set(e.idempotency_scope, [...(standing.get(e.idempotency_scope) ?? []), e])
      entries.push(e)
    }
    after = batch[batch.length - 1].id
  }
  for (let i = 0; i < entries.length; i += BATCH) {
    const chunk = entries.slice(i, i + BATCH)
    const found = new Set((await reviews.listReviewsAnyState(chunk.map((e) => e.source_id!).filter(Boolean))).map((r) => r.id))
    for (const e of chunk) {
      if (!e.source_id || !found.has(e.source_id)) {
        drifts.push({ kind: "review", id: e.source_id ?? e.id, problem: `award entry ${e.id} has no review` })
      }
    }
  }
  for (let after: string | null = null; ; ) {
    const batch = await reviews.listApprovedReviewAwards(after, BATCH)
    if (!batch.length) {
      break
    }
    for (const r of batch) {
      const awards = standing.get(reviewAwardKey(r.customer_id, r.product_id)) ?? []
      if (r.award_entry_id && awards.length !== 1) {
        drifts.push({ kind: "review", id: r.id, problem: `${awards.length} standing award entries, expected 1` })
      } else if (r.award_entry_id && awards[0].id !== r.award_entry_id) {
        drifts.push({ kind: "review", id: r.id, problem: `award entry ${r.award_entry_id} is not the standing one (${awards[0].id})` })
      }
    }
    after = batch[batch.length - 1].id
  }
  return drifts
}

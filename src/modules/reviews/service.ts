import { Context, DAL } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  generateEntityId,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { ReviewStatus } from "../../rules/awards"
import { conflictError } from "../loyalty/errors"
import Review from "./models/review"

const REVIEW = "kapy_review"

type Trx = Knex | Knex.Transaction

export type ReviewDTO = {
  id: string
  product_id: string
  customer_id: string
  display_name: string
  rating: number
  title: string
  content: string
  status: ReviewStatus
  verified_purchase: boolean
  reject_reason: string | null
  decided_by: string | null
  decided_at: Date | null
  award_entry_id: string | null
  metadata: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
  deleted_at?: Date | null
}

export type SubmitReviewInput = {
  product_id: string
  customer_id: string
  display_name: string
  rating: number
  /** Plain text already: the caller strips HTML and control characters. */
  title: string
  content: string
  verified_purchase: boolean
}

/** A review as it was before a decision, for the decision's undo. */
export type ReviewDecision = { review: ReviewDTO; previous: ReviewDTO }

/**
 * Kapy's product reviews. Writes go through the methods below, each in
 * one transaction under the review's row lock, so that a decision is made
 * once even when two admins click at once; the generated writers refuse.
 * The module knows nothing of points: the review workflows award and
 * reverse cones through the loyalty module.
 */
export default class ReviewModuleService extends MedusaService({ Review }) {
  protected readonly baseRepository_: DAL.RepositoryService

  constructor({ baseRepository }: { baseRepository: DAL.RepositoryService }) {
    // @ts-ignore MedusaService takes the same arguments
    super(...arguments)
    this.baseRepository_ = baseRepository
  }

  // @ts-expect-error the generated signature is replaced on purpose
  async createReviews(): Promise<never> {
    throw refused("Reviews are written with submitReview, which keeps one review per product per customer")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async updateReviews(): Promise<never> {
    throw refused("Reviews change with submitReview (the writer, while pending), approveReview or rejectReview")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async deleteReviews(): Promise<never> {
    throw refused("Reviews are deleted with removeReview, which keeps the row for the ledger's sake")
  }

  /**
   * Writes the customer's review of a product: a new one, or new text for
   * their pending one. An approved or rejected review is final (409). An
   * advisory lock on the pair serialises two posts at once, so the second
   * edits what the first wrote instead of failing on the unique index.
   */
  @InjectTransactionManager()
  async submitReview(
    input: SubmitReviewInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ review: ReviewDTO; previous: ReviewDTO | null }> {
    const trx = transactionOf(sharedContext)
    await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended(?, 11))`, [`kapy-review:${input.product_id}:${input.customer_id}`])
    const existing: ReviewDTO | undefined = await live(trx)
      .where({ product_id: input.product_id, customer_id: input.customer_id })
      .forUpdate()
      .first()
    const text = {
      rating: input.rating,
      title: input.title,
      content: input.content,
      display_name: input.display_name,
      verified_purchase: input.verified_purchase,
    }
    if (existing) {
      if (existing.status !== "pending") {
        throw conflictError(`You already reviewed this product (review ${existing.id} is ${existing.status})`)
      }
      const [review] = await trx(REVIEW).where({ id: existing.id }).update({ ...text, updated_at: trx.fn.now() }).returning("*")
      return { review, previous: existing }
    }
    const [review] = await trx(REVIEW)
      .insert({ id: generateEntityId(undefined, "krev"), product_id: input.product_id, customer_id: input.customer_id, status: "pending", ...text })
      .returning("*")
    return { review, previous: null }
  }

  /** Undoes `submitReview` (its compensation): a new review goes, an edited one gets its text back. */
  @InjectTransactionManager()
  async undoSubmitReview(
    input: { review_id: string; previous: ReviewDTO | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const trx = transactionOf(sharedContext)
    if (!input.previous) {
      await trx(REVIEW).where({ id: input.review_id, status: "pending" }).delete()
      return
    }
    const { rating, title, content, display_name, verified_purchase } = input.previous
    await trx(REVIEW).where({ id: input.review_id }).update({ rating, title, content, display_name, verified_purchase })
  }

  /**
   * Approves a pending or rejected review. Under the row lock, so of two
   * approvals at once the second finds it approved: 409.
   */
  @InjectTransactionManager()
  async approveReview(
    input: { review_id: string; actor_id?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReviewDecision> {
    const trx = transactionOf(sharedContext)
    const previous = await this.lock_(trx, input.review_id)
    if (previous.status === "approved") {
      throw conflictError(`Review ${previous.id} is already approved`)
    }
    const [review] = await trx(REVIEW)
      .where({ id: previous.id })
      .update({ status: "approved", reject_reason: null, decided_by: input.actor_id ?? null, decided_at: trx.fn.now(), updated_at: trx.fn.now() })
      .returning("*")
    return { review, previous }
  }

  /** Notes the ledger entry of an approved review's cones. */
  @InjectTransactionManager()
  async setReviewAward(
    input: { review_id: string; entry_id: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReviewDTO> {
    const trx = transactionOf(sharedContext)
    const [review] = await trx(REVIEW).where({ id: input.review_id }).update({ award_entry_id: input.entry_id }).returning("*")
    return review
  }

  /** Puts a review back as it was before a decision (the decision's compensation). */
  @InjectTransactionManager()
  async restoreReviewDecision(previous: ReviewDTO, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const trx = transactionOf(sharedContext)
    const { status, reject_reason, decided_by, decided_at, award_entry_id, deleted_at } = previous
    await trx(REVIEW).where({ id: previous.id }).update({ status, reject_reason, decided_by, decided_at, award_entry_id, deleted_at: deleted_at ?? null })
  }

  /** Rejects a pending or approved review with a reason (409 when it is rejected already). */
  @InjectTransactionManager()
  async rejectReview(
    input: { review_id: string; reason: string; actor_id?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReviewDecision> {
    const trx = transactionOf(sharedContext)
    const previous = await this.lock_(trx, input.review_id)
    if (previous.status === "rejected") {
      throw conflictError(`Review ${previous.id} is already rejected`)
    }
    const [review] = await trx(REVIEW)
      .where({ id: previous.id })
      .update({ status: "rejected", reject_reason: input.reason, decided_by: input.actor_id ?? null, decided_at: trx.fn.now(), updated_at: trx.fn.now() })
      .returning("*")
    return { review, previous }
  }

  /**
   * Deletes a review: the row stays, soft-deleted, because its cones'
   * ledger entry points at it (reconcile checks that every award has its
   * review). The writer may then review the product again, for no cones.
   */
  @InjectTransactionManager()
  async removeReview(
    input: { review_id: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReviewDecision> {
    const trx = transactionOf(sharedContext)
    const previous = await this.lock_(trx, input.review_id)
    const [review] = await trx(REVIEW).where({ id: previous.id }).update({ deleted_at: trx.fn.now() }).returning("*")
    return { review, previous }
  }

  /**
   * A customer's reviews, live or removed, for their data export. Reads only.
   */
  @InjectManager()
  async listReviewsOfCustomers(customerIds: string[], @MedusaContext() sharedContext: Context = {}) {
    if (!customerIds.length) {
      return []
    }
    return (await live(knexOf(sharedContext))
      .whereIn("customer_id", customerIds)
      .orderBy("created_at")
      .select("id", "product_id", "display_name", "rating", "title", "content", "status", "verified_purchase", "created_at")) as Partial<ReviewDTO>[]
  }

  /**
   * Erasure of a customer (GDPR): their reviews stay on the product without
   * a name (`anonymise`: the display name becomes "Anonymous", metadata
   * goes) or are removed (`remove`: soft-deleted, as an admin's removal is).
   * Award entries are left as they are, so reconcile still finds each
   * review (removed ones too) and the reports do not move.
   */
  @InjectTransactionManager()
  async eraseCustomerReviews(
    input: { customer_ids: string[]; mode: "anonymise" | "remove" },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    if (!input.customer_ids.length) {
      return 0
    }
    const trx = transactionOf(sharedContext)
    const changes =
      input.mode === "remove"
        ? { deleted_at: trx.fn.now(), display_name: "Anonymous", metadata: null, updated_at: trx.fn.now() }
        : { display_name: "Anonymous", metadata: null, updated_at: trx.fn.now() }
    return await live(trx).whereIn("customer_id", input.customer_ids).update(changes)
  }

  /** The average rating and count of a product's approved reviews. */
  @InjectManager()
  async retrieveRatingSummary(productId: string, @MedusaContext() sharedContext: Context = {}) {
    const row: any = await live(knexOf(sharedContext))
      .where({ product_id: productId, status: "approved" })
      .select(knexOf(sharedContext).raw(`COUNT(*)::int AS count, AVG(rating)::float AS average`))
      .first()
    const count = Number(row?.count ?? 0)
    return { count, average_rating: count ? Math.round(Number(row.average) * 100) / 100 : null }
  }

  /**
   * For reconcile: approved live reviews with their award entry, in id
   * order after `after`; and which of `ids` exist (deleted ones too).
   */
  @InjectManager()
  async listApprovedReviewAwards(after: string | null, limit: number, @MedusaContext() sharedContext: Context = {}) {
    const q = live(knexOf(sharedContext)).where({ status: "approved" }).select("id", "customer_id", "product_id", "award_entry_id").orderBy("id").limit(limit)
    return (await (after ? q.where("id", ">", after) : q)) as Pick<ReviewDTO, "id" | "customer_id" | "product_id" | "award_entry_id">[]
  }

  @InjectManager()
  async listReviewsAnyState(ids: string[], @MedusaContext() sharedContext: Context = {}) {
    if (!ids.length) {
      return []
    }
    return (await knexOf(sharedContext)(REVIEW).whereIn("id", ids).select("id", "status", "deleted_at", "award_entry_id")) as Pick<ReviewDTO, "id" | "status" | "deleted_at" | "award_entry_id">[]
  }

  protected async lock_(trx: Trx, reviewId: string): Promise<ReviewDTO> {
    const row = await live(trx).where({ id: reviewId }).forUpdate().first()
    if (!row) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Review ${reviewId} was not found`)
    }
    return row
  }
}

function live(trx: Trx) {
  return trx(REVIEW).whereNull("deleted_at")
}

function transactionOf(sharedContext: Context): Trx {
  const trx = (sharedContext.transactionManager as any)?.getTransactionContext?.()
  if (!trx) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "Review writes must run inside a transaction")
  }
  return trx
}

function knexOf(sharedContext: Context): Trx {
  const manager = (sharedContext.transactionManager ?? sharedContext.manager) as any
  return manager.getTransactionContext?.() ?? manager.getKnex()
}

function refused(message: string) {
  return new MedusaError(MedusaError.Types.NOT_ALLOWED, message)
}

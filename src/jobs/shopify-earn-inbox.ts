import type { ScheduledJobContext } from "@medusajs/framework/jobs"
import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_SHOPIFY_MODULE } from "../modules/shopify"
import type ShopifyModuleService from "../modules/shopify/service"
import { drainShopifyOutbox, earnShopifyInboxBatch, InboxBatchReport } from "../workflows/shopify"

/** How long one run keeps claiming batches before it hands over to the next tick. */
const RUN_BUDGET_MS = Number(process.env.KAPY_SHOPIFY_EARNER_BUDGET_MS ?? 20_000)

/**
 * The batched earner of Shopify's webhooks (worker mode: Medusa runs jobs
 * on worker and shared instances only). Every second — and a run still
 * going is not started again (`concurrency: "forbid"`), so it re-arms
 * itself — it claims inbox batches of ~200 due deliveries one after
 * another until the inbox is empty (or its budget is spent), then does
 * what the committed batches left in the outbox. Several workers share the
 * inbox (`FOR UPDATE SKIP LOCKED`). Returns the batches' reports, the
 * outbox rows done, and the milliseconds each part took (`ms`, the
 * outbox's by kind too).
 */
export default async function shopifyEarnInboxJob(container: MedusaContainer, context?: ScheduledJobContext) {
  const shopify = container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
  if (!shopify.isConfigured()) {
    return { batches: [], outbox: 0, ms: { batches: 0, outbox: 0, outbox_by_kind: {} } }
  }
  const now = context?.scheduledFor && context.scheduledFor.getTime() > Date.now() ? context.scheduledFor : new Date()
  const started = Date.now()
  const batches: InboxBatchReport[] = []
  for (;;) {
    const report = await earnShopifyInboxBatch(container, { now })
    if (report.claimed) {
      batches.push(report)
    }
    if (!report.claimed || Date.now() - started > RUN_BUDGET_MS) {
      break
    }
  }
  // after the inbox: the follow-ups never hold up the earning of what is still arriving
  const earned = Date.now()
  const byKind: Record<string, number> = {}
  const outbox = await drainShopifyOutbox(container, byKind)
  return { batches, outbox, ms: { batches: earned - started, outbox: Date.now() - earned, outbox_by_kind: byKind } }
}

export const config = {
  name: "kapy-shopify-earn-inbox",
  schedule: {
    interval: Number(process.env.KAPY_SHOPIFY_EARNER_INTERVAL_MS ?? 1000),
    concurrency: "forbid" as const,
    // the tests run jobs when they ask (runScheduledJob), never on the clock
    ...(process.env.KAPY_JOBS_OFF_THE_CLOCK === "true" ? { numberOfExecutions: 0 } : {}),
  },
}

import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ShopifyOrderFacts } from "../../../rules/shopify-orders"
import { earnPointsStep } from "../../earning/steps/earn-points"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { evaluateMemberTiersStep } from "../../tiers/steps/evaluate-member-tiers"
import { applyTierChanges } from "../../tiers/workflows/apply-tier-changes"
import { prepareShopifyOrderEarningStep } from "../steps/prepare-shopify-order-earning"
import { recordShopifyOrderQualificationStep } from "../steps/record-shopify-order-qualification"

export const earnShopifyOrderPointsWorkflowId = "kapy-earn-shopify-order-points"

/**
 * Awards what a paid Shopify order earns, pending for the program's return
 * window, by the same earning rule as a Medusa order, and counts the order
 * toward the member's tier (an upgrade is immediate; `loyalty.tier_changed`
 * then syncs the Shopify customer's tag and metafields). Idempotent per order
 * (the ledger's key `order:shopify:<shop>:<id>`): `orders/paid` delivered
 * again, or found by the reconciliation job first, records nothing more.
 * Returns why an order earned nothing (`skip`) for the log.
 *
 * @example
 * const { result } = await earnShopifyOrderPointsWorkflow(container).run({
 *   input: { shop_domain: "kapy.myshopify.com", order: orderFactsFromWebhook(payload) },
 * })
 */
export const earnShopifyOrderPointsWorkflow = createWorkflow(
  earnShopifyOrderPointsWorkflowId,
  (input: { shop_domain: string; order: ShopifyOrderFacts; require_paid?: boolean; actor_id?: string }) => {
    const earning = prepareShopifyOrderEarningStep(input)
    const result = when({ earning }, ({ earning }) => !!earning.earn).then(() =>
      earnPointsStep(transform({ earning }, ({ earning }) => earning.earn!))
    )
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_EARNED,
      data: transform({ result }, ({ result }) => eventPayloads([result])),
    })
    const member = recordShopifyOrderQualificationStep(input)
    const changes = evaluateMemberTiersStep({ members: transform({ member }, ({ member }) => [member]) })
    applyTierChanges(changes)
    return new WorkflowResponse(
      transform({ earning, result }, ({ earning, result }) => ({ skip: earning.skip, result: result ?? null }))
    )
  }
)

import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { createShopifyDiscountCodeStep } from "../steps/create-shopify-discount-code"
import { creditShopifyStoreCreditStep } from "../steps/credit-shopify-store-credit"
import { prepareShopifyRedemptionStep } from "../steps/prepare-shopify-redemption"
import { reserveShopifyStoreCreditStep } from "../steps/reserve-shopify-store-credit"
import { spendShopifyPointsStep } from "../steps/spend-shopify-points"
import { spendShopifyStoreCreditPointsStep } from "../steps/spend-shopify-store-credit-points"

export const redeemShopifyPointsWorkflowId = "kapy-redeem-shopify-points"

/**
 * Pays with cones on any Shopify plan: checks the redemption rules, takes
 * the cones, and gives what the program's `shopify_redemption` says — a
 * single-use discount code worth them for that customer only, or that
 * amount added to the customer's Shopify store credit (once per request
 * key: a retried request answers the credit it made). If Shopify does not
 * make the code or the credit, the cones come back (the spend step's
 * compensation). Not enough cones: 409, nothing taken, nothing made.
 *
 * @example
 * const { result } = await redeemShopifyPointsWorkflow(container).run({
 *   input: { customer_id: "115310627314723954", points: 500, request_key: "r-1" },
 * })
 * // result.kind → "discount_code"; result.code.code → "KAPY-…", result.code.amount → "5"
 */
export const redeemShopifyPointsWorkflow = createWorkflow(
  redeemShopifyPointsWorkflowId,
  (input: { customer_id: string; points: number; request_key: string; now?: Date }) => {
    const plan = prepareShopifyRedemptionStep(input)

    const byCode = when("kapy-shopify-redeems-for-code", { plan }, ({ plan }) => plan.kind === "discount_code").then(() => {
      const spent = spendShopifyPointsStep(plan)
      const code = createShopifyDiscountCodeStep(
        transform({ plan, spent }, ({ plan, spent }) => ({ plan, spend_entry_id: spent.entry.id }))
      )
      emitEventStep({
        eventName: LoyaltyEvents.POINTS_REDEEMED,
        data: transform({ spent }, ({ spent }) => eventPayloads([spent])),
      }).config({ name: "kapy-announce-shopify-code-redemption" })
      return transform({ code, spent }, ({ code, spent }) => ({ code, spent }))
    })

    const byCredit = when("kapy-shopify-redeems-for-store-credit", { plan }, ({ plan }) => plan.kind === "store_credit").then(() => {
      const reserved = reserveShopifyStoreCreditStep(plan)
      const spent = spendShopifyStoreCreditPointsStep(transform({ plan, reserved }, ({ plan, reserved }) => ({ plan, credit: reserved })))
      const credit = creditShopifyStoreCreditStep(
        transform({ plan, reserved, spent }, ({ plan, reserved, spent }) => ({ plan, credit: reserved, spend_entry_id: spent.entry.id }))
      )
      emitEventStep({
        eventName: LoyaltyEvents.POINTS_REDEEMED,
        data: transform({ spent }, ({ spent }) => eventPayloads([spent])),
      }).config({ name: "kapy-announce-shopify-credit-redemption" })
      return transform({ credit, spent, reserved }, ({ credit, spent, reserved }) => ({ credit, spent, replayed: !!spent.replayed && reserved.status !== "crediting" }))
    })

    return new WorkflowResponse(
      transform({ plan, byCode, byCredit }, ({ plan, byCode, byCredit }) => ({
        kind: plan.kind,
        code: byCode?.code ?? null,
        credit: byCredit?.credit ?? null,
        replayed: byCredit?.replayed ?? false,
        account: (byCode?.spent ?? byCredit?.spent)!.account,
      }))
    )
  }
)

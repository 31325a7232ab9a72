import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { StoreCreditRow } from "../../../modules/shopify/service"
import { customerGid, STORE_CREDIT_ACCOUNT_CREDIT, STORE_CREDIT_ACCOUNT_DEBIT } from "../utils/graphql"
import { shopifyModule } from "../utils/refs"
import type { ShopifyRedemptionPlan } from "./prepare-shopify-redemption"

export const creditShopifyStoreCreditStepId = "kapy-credit-shopify-store-credit"

/**
 * Adds the cones' value to the customer's Shopify store credit
 * (`storeCreditAccountCredit` on the customer: the amount in the shop's
 * currency, expiring with the plan) and records the credit transaction. A
 * credit already made by an earlier attempt of the request is answered as
 * it is, without asking Shopify again. When Shopify refuses or cannot be
 * reached, the record is marked failed and the step fails, so the spend
 * before it is voided and the cones come back. Compensation (a later
 * failure): the same amount is debited back with `storeCreditAccountDebit`.
 *
 * @example
 * const credit = creditShopifyStoreCreditStep({ plan, credit, spend_entry_id })
 */
export const creditShopifyStoreCreditStep = createStep(
  creditShopifyStoreCreditStepId,
  async (input: { plan: ShopifyRedemptionPlan; credit: StoreCreditRow; spend_entry_id: string }, { container }) => {
    const shopify = shopifyModule(container)
    const { plan, credit } = input
    if (credit.status !== "crediting") {
      // a retry of a request that made its credit: nothing more to make, nothing to roll back here
      return new StepResponse(credit, null)
    }
    let transaction: { id: string }
    try {
      const { data } = await shopify.admin().request<any>(STORE_CREDIT_ACCOUNT_CREDIT, {
        id: customerGid(plan.customer_id),
        creditInput: {
          creditAmount: { amount: plan.amount, currencyCode: plan.currency_code.toUpperCase() },
          expiresAt: plan.expires_at,
        },
      })
      const payload = data?.storeCreditAccountCredit
      if (!payload?.storeCreditAccountTransaction?.id || payload.userErrors?.length) {
        throw new Error(
          `Shopify refused the store credit: ${(payload?.userErrors ?? []).map((e: any) => `${e.code ?? ""} ${e.message}`.trim()).join("; ") || "no transaction returned"}`
        )
      }
      transaction = payload.storeCreditAccountTransaction
    } catch (error: any) {
      await shopify.transitionStoreCredit({ id: credit.id, from: ["crediting"], to: "failed", fields: { note: String(error?.message ?? error) } })
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `The store credit could not be added on Shopify; your cones are back (${error?.message ?? error})`
      )
    }
    const row = await shopify.transitionStoreCredit({
      id: credit.id,
      from: ["crediting"],
      to: "active",
      fields: { shopify_transaction_id: transaction.id, spend_entry_id: input.spend_entry_id },
    })
    return new StepResponse(row!, {
      id: credit.id,
      customer_id: plan.customer_id,
      amount: plan.amount,
      currency_code: plan.currency_code,
    })
  },
  async (made, { container }) => {
    if (!made) {
      return
    }
    const shopify = shopifyModule(container)
    const { data } = await shopify.admin().request<any>(STORE_CREDIT_ACCOUNT_DEBIT, {
      id: customerGid(made.customer_id),
      debitInput: { debitAmount: { amount: made.amount, currencyCode: made.currency_code.toUpperCase() } },
    })
    const errors = data?.storeCreditAccountDebit?.userErrors ?? []
    await shopify.transitionStoreCredit({
      id: made.id,
      from: ["active"],
      to: "failed",
      fields: { note: errors.length ? `Rolled back, but Shopify refused the debit: ${errors.map((e: any) => e.message).join("; ")}` : "Rolled back: a later step failed" },
    })
  }
)

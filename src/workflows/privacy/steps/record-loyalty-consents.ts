import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { LoyaltyConsentDTO, RecordConsentsInput } from "../../../types/privacy"

export const recordLoyaltyConsentsStepId = "kapy-record-loyalty-consents"

/**
 * Records consent decisions with their text version and time. Compensation
 * puts back the decisions that were there before (a purpose without one
 * is recorded as not granted).
 *
 * @example
 * const consents = recordLoyaltyConsentsStep({ account_id, decisions: [{ purpose: "marketing_email", granted: true }], source: "store" })
 */
export const recordLoyaltyConsentsStep = createStep(
  recordLoyaltyConsentsStepId,
  async (input: RecordConsentsInput, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const before = await loyalty.listConsents(input.account_id)
    const consents = await loyalty.recordConsents(input)
    return new StepResponse(consents, { account_id: input.account_id, before, purposes: input.decisions.map((d) => d.purpose) })
  },
  async (undo: { account_id: string; before: LoyaltyConsentDTO[]; purposes: string[] } | undefined, { container }) => {
    if (!undo) {
      return
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const decisions = undo.purposes.map((purpose) => {
      const was = undo.before.find((c) => c.purpose === purpose)
      return { purpose: purpose as LoyaltyConsentDTO["purpose"], granted: !!was?.granted, text_version: was?.text_version }
    })
    for (const d of decisions) {
      await loyalty.recordConsents({
        account_id: undo.account_id,
        decisions: [{ purpose: d.purpose, granted: d.granted }],
        text_version: d.text_version ?? null,
        source: "store",
      })
    }
  }
)

import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const saveStampCardStepId = "kapy-save-stamp-card"

type SaveStampCardInput = Parameters<LoyaltyModuleService["saveStampCard"]>[0]

/**
 * Creates or changes a stamp card. Compensation: a new card is deactivated,
 * a changed one gets its definition back.
 *
 * @example
 * const card = saveStampCardStep({ name: "Coffee", stamps_needed: 10, trigger: { kind: "order" }, reward })
 */
export const saveStampCardStep = createStep(
  saveStampCardStepId,
  async (input: SaveStampCardInput, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const before = input.id ? (await loyalty.listStampCards()).find((c) => c.id === input.id) ?? null : null
    const card = await loyalty.saveStampCard(input)
    return new StepResponse(card, { id: card.id, before })
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const { id, before } = undo
    await loyalty.saveStampCard(
      before
        ? { id, name: before.name, stamps_needed: before.stamps_needed, trigger: before.trigger, min_amount: before.min_amount, reward: before.reward, active: before.active }
        : { id, active: false }
    )
  }
)

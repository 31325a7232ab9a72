import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { TierInput } from "../../../modules/loyalty/tiers/tier-engine"
import type { LoyaltyTierDTO } from "../../../types/loyalty"

export const saveTierStepId = "kapy-save-tier"

export type SaveTierInput = { id?: string; delete?: boolean } & Partial<TierInput>

/**
 * Creates, changes or deletes a tier, checking the whole tier set (400
 * naming the field, nothing written, when it fails). The compensation
 * deletes a created tier or restores the previous values.
 *
 * @example
 * const { tier } = saveTierStep({ name: { en: "Platinum", fi: "Platina" }, threshold: "5000", multiplier: "2" })
 */
export const saveTierStep = createStep(
  saveTierStepId,
  async ({ id, delete: remove, ...input }: SaveTierInput, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const before = id ? ((await loyalty.listLoyaltyTiers({ id }))[0] as unknown as LoyaltyTierDTO | undefined) : undefined
    const saved = await loyalty.saveTier({ id, input, delete: remove })
    return new StepResponse(saved, { created: !id ? saved.tier?.id ?? null : null, before: before ?? null, deleted: !!remove })
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    if (undo.created) {
      await loyalty.saveTier({ id: undo.created, delete: true })
    } else if (undo.before && !undo.deleted) {
      const b = undo.before
      await loyalty.saveTier({
        id: b.id,
        input: {
          name: { en: b.name, ...Object.fromEntries(Object.entries(b.translations ?? {}).flatMap(([l, t]) => (t.name ? [[l, t.name]] : []))) },
          threshold: String(b.threshold),
          multiplier: String(b.multiplier),
          discount_percent: b.discount_percent === null ? null : String(b.discount_percent),
          perks: b.perks
            ? { en: b.perks, ...Object.fromEntries(Object.entries(b.translations ?? {}).flatMap(([l, t]) => (t.perks ? [[l, t.perks]] : []))) }
            : null,
        },
      })
    }
  }
)

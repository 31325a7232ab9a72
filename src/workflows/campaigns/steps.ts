import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"

export type CampaignInput = {
  name: string
  multiplier: string
  scope: "catalog" | "collection" | "category" | "product"
  target_ids: string[]
  starts_at: Date | string
  ends_at?: Date | string | null
  metadata?: Record<string, unknown> | null
}

const loyaltyOf = (container: any) => container.resolve(KAPY_LOYALTY_MODULE) as LoyaltyModuleService

export const createCampaignStep = createStep(
  "kapy-create-campaign",
  async (input: CampaignInput, { container }) => {
    const campaign = await loyaltyOf(container).createLoyaltyCampaigns(input as any)
    return new StepResponse(campaign, campaign.id)
  },
  async (id, { container }) => {
    if (id) {
      await loyaltyOf(container).deleteLoyaltyCampaigns([id])
    }
  }
)

export const updateCampaignStep = createStep(
  "kapy-update-campaign",
  async (input: Partial<CampaignInput> & { id: string }, { container }) => {
    const loyalty = loyaltyOf(container)
    const before = await loyalty.retrieveLoyaltyCampaign(input.id)
    const campaign = await loyalty.updateLoyaltyCampaigns(input as any)
    return new StepResponse(campaign, before)
  },
  async (before, { container }) => {
    if (before) {
      const { created_at, updated_at, deleted_at, raw_multiplier, ...restore } = before as any
      await loyaltyOf(container).updateLoyaltyCampaigns(restore)
    }
  }
)

export const deleteCampaignStep = createStep(
  "kapy-delete-campaign",
  async ({ id }: { id: string }, { container }) => {
    await loyaltyOf(container).softDeleteLoyaltyCampaigns([id])
    return new StepResponse(id, id)
  },
  async (id, { container }) => {
    if (id) {
      await loyaltyOf(container).restoreLoyaltyCampaigns([id])
    }
  }
)

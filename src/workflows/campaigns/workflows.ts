import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { CampaignInput, createCampaignStep, deleteCampaignStep, updateCampaignStep } from "./steps"

/**
 * Points campaigns: a multiplier on a collection, category, products or the
 * whole catalog for a period. Orders placed while one runs earn by it.
 *
 * @example
 * await createLoyaltyCampaignWorkflow(container).run({
 *   input: { name: "Double cones on drinks", multiplier: "2", scope: "collection",
 *            target_ids: ["pcol_drinks"], starts_at: "2026-12-01", ends_at: "2027-01-01" },
 * })
 */
export const createLoyaltyCampaignWorkflow = createWorkflow(
  "kapy-create-loyalty-campaign",
  (input: CampaignInput) => new WorkflowResponse(createCampaignStep(input))
)

export const updateLoyaltyCampaignWorkflow = createWorkflow(
  "kapy-update-loyalty-campaign",
  (input: Partial<CampaignInput> & { id: string }) => new WorkflowResponse(updateCampaignStep(input))
)

export const deleteLoyaltyCampaignWorkflow = createWorkflow(
  "kapy-delete-loyalty-campaign",
  (input: { id: string }) => new WorkflowResponse(deleteCampaignStep(input))
)

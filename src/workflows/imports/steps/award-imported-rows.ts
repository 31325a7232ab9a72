import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { awardRows, CustomerLookup, ImportedRow } from "../utils/award-rows"

export const awardImportedRowsStepId = "kapy-award-imported-rows"

/**
 * Awards the rows of an uploaded file (`awardRows`): 500 rows a chunk,
 * each chunk one transaction through the ledger's bulk path, each row
 * under its key (the file's, or a hash of the row and its line), so the
 * same file again awards nothing new. A bad row (unknown customer, `1.5`,
 * no reason, more than the balance, a closed account, a key used for
 * another amount) is reported with its line. No compensation: each chunk
 * that was written stands on its own, and a re-upload completes the rest.
 *
 * @example
 * awardImportedRowsStep({ rows: [{ line: 2, record: { email: "aino@example.com", points: "50", reason: "Event" } }], actor_id: "user_123" })
 */
export const awardImportedRowsStep = createStep(
  awardImportedRowsStepId,
  async (input: { rows: ImportedRow[]; actor_id?: string | null }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const lookup: CustomerLookup = async ({ emails, ids }) => {
      const byEmail = new Map<string, string>()
      const known = new Set<string>()
      if (emails.length) {
        const { data } = await query.graph({ entity: "customer", fields: ["id", "email", "has_account"], filters: { email: emails } })
        // a registered customer wins over a guest record with the same email
        for (const c of [...data].sort((a: any, b: any) => Number(a.has_account) - Number(b.has_account))) {
          byEmail.set(String(c.email).toLowerCase(), c.id)
        }
      }
      if (ids.length) {
        const { data } = await query.graph({ entity: "customer", fields: ["id"], filters: { id: ids } })
        data.forEach((c: any) => known.add(c.id))
      }
      return { byEmail, known }
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(await awardRows(input.rows, { loyalty, lookup, actor_id: input.actor_id }))
  }
)

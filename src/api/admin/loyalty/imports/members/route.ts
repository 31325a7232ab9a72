import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import { evaluateImportedTiers, importMembersCsv, medusaImportCustomers } from "../../../../../workflows/imports"

/**
 * Imports members from another loyalty app's CSV export, uploaded as the
 * body (`Content-Type: text/csv`; email, points, tier, referral code,
 * birthday — Smile.io's and LoyaltyLion's column names are understood),
 * as `npm run kapy -- import` does: customers matched by email or
 * created, one `import` entry per member, bad rows reported by line, the
 * same file again changes nothing. `?source=` names what the members come
 * from (default `upload`). A member imported with a tier holds it at once:
 * its customer group, prices and `loyalty.tier_changed` notice.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const source = typeof req.query.source === "string" ? req.query.source.trim() : "upload"
  if (!/^[\w.-]{1,60}$/.test(source)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "source: 1-60 letters, digits, dots, dashes or underscores")
  }
  let report
  try {
    report = await importMembersCsv(req, {
      loyalty: req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE),
      customers: medusaImportCustomers(req.scope),
      source,
      onTiered: evaluateImportedTiers(req.scope),
    })
  } catch (error: any) {
    // the file itself: not CSV, or a header without the columns an import needs
    if (error instanceof MedusaError) {
      throw error
    }
    throw new MedusaError(MedusaError.Types.INVALID_DATA, error?.message ?? String(error))
  }
  res.json({ import: report })
}

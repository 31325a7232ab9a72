import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import { ReportReads } from "../../../../modules/loyalty/reads/report-reads"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"

/**
 * What every report needs: the database connection (reports join the
 * ledger with Medusa's order, cart and sales channel tables, which share
 * the app's database), the report reader, and the program's redemption
 * rates, which give cones their money value.
 */
export async function reportContext(scope: MedusaContainer) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const settings = await loyalty.retrieveProgramSettings()
  const rates = settings.redemption.rates as Record<string, string>
  return {
    knex: scope.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION),
    reads: new ReportReads(),
    settings,
    rates,
    /** The currency of entries that name none: the program's first redemption currency. */
    defaultCurrency: Object.keys(rates)[0] ?? "eur",
  }
}

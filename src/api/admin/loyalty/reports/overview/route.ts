import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MathBN } from "@medusajs/framework/utils"
import { reportContext } from "../report-context"
import type { AdminGetLoyaltyOverviewParamsType } from "../validators"

/**
 * The program at a glance, every number computed in SQL: members and the
 * cones they hold now (outstanding = available + pending) with that
 * liability in money per redemption currency; cones issued, redeemed and
 * expired in the range and the redemption rate (redeemed / issued); members
 * per tier; issued and redeemed per day or week for the chart. Reads only.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetLoyaltyOverviewParamsType>,
  res: MedusaResponse
) => {
  const { from, to, interval } = req.validatedQuery
  const { knex, reads, rates } = await reportContext(req.scope)
  const range = { from, to }
  const [totals, series, tiers] = await Promise.all([
    reads.overviewTotals(knex, range),
    reads.series(knex, range, interval),
    reads.tierDistribution(knex),
  ])
  const outstanding = totals.available + totals.pending
  res.json({
    overview: {
      from: from.toISOString(),
      to: to.toISOString(),
      interval,
      members: totals.members,
      issued: totals.issued,
      redeemed: totals.redeemed,
      expired: totals.expired,
      available: totals.available,
      pending: totals.pending,
      outstanding,
      /** Money the outstanding cones are worth when redeemed, per currency (2 decimals). */
      liability: Object.entries(rates).map(([currency_code, rate]) => ({
        currency_code,
        amount: MathBN.div(outstanding, rate).decimalPlaces(2, 1).toFixed(2),
      })),
      /** Share of the range's issued cones that were redeemed in it; null when none were issued. */
      redemption_rate: totals.issued > 0 ? Math.round((totals.redeemed / totals.issued) * 10000) / 10000 : null,
      tiers,
      series,
    },
  })
}

import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { KAPY_LOYALTY_MODULE } from ".."
import { addMonthsUTC, lotExpiresAt } from "../../../rules/expiry"
import { TierWindow, tierWindowStart } from "../../../rules/tiers"
import { LOT_EXPIRES_AT, plusMonths } from "../expiry/expiry-store"
import type LoyaltyModuleService from "../service"
import { windowStartSql } from "../tiers/tier-store"

jest.setTimeout(120_000)

/**
 * The expiry window and the tier window are written twice: as rule
 * functions (src/rules) and as SQL the stores run set-based. These cases
 * run both on the same moments and ask for the same answer, so neither
 * copy can drift: month ends, leap days, the turn of a year, the last
 * millisecond of a day.
 */
const MOMENTS = [
  "2026-01-31T10:00:00.000Z",
  "2026-03-31T23:59:59.999Z",
  "2028-02-29T12:00:00.000Z",
  "2027-02-28T00:00:00.000Z",
  "2026-12-31T23:59:59.999Z",
  "2027-01-01T00:00:00.000Z",
  "2026-08-31T05:30:00.123Z",
  "2024-02-29T00:00:00.000Z",
  "2026-06-15T14:15:16.171Z",
].map((iso) => new Date(iso))
const MONTHS = [1, 3, 6, 11, 12, 13, 24, 36]
const WINDOWS: TierWindow[] = ["rolling_12_months", "calendar_year", "lifetime"]

moduleIntegrationTestRunner<LoyaltyModuleService>({
  moduleName: KAPY_LOYALTY_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "../migrations"),
  testSuite: ({ MikroOrmWrapper }) => {
    const knex = () => MikroOrmWrapper.getManager().getKnex()
    const one = async (sql: string, bindings: unknown[]): Promise<Date | null> => {
      const { rows } = await knex().raw(`SELECT ${sql} AS at`, bindings as any)
      return rows[0].at === null ? null : new Date(rows[0].at)
    }

    it("adds months in SQL exactly as addMonthsUTC does", async () => {
      for (const moment of MOMENTS) {
        for (const months of [...MONTHS, -12]) {
          const sql = await one(plusMonths("?::timestamptz"), [moment.toISOString(), months])
          expect({ moment, months, at: sql?.toISOString() }).toEqual({
            moment,
            months,
            at: addMonthsUTC(moment, months).toISOString(),
          })
        }
      }
    })

    it("expires a lot in SQL when lotExpiresAt says, with and without its own date", async () => {
      const since = new Date("2026-03-31T00:00:00.000Z")
      for (const earned of MOMENTS) {
        for (const months of MONTHS) {
          for (const own of [null, new Date("2029-05-31T08:00:00.000Z")]) {
            // LOT_EXPIRES_AT reads a lot row `l`: run it over one made of values
            const bound = await knex().raw(
              `WITH l AS (SELECT ?::timestamptz AS created_at, ?::timestamptz AS expires_at) SELECT ${LOT_EXPIRES_AT} AS at FROM l`,
              [earned.toISOString(), own?.toISOString() ?? null, since.toISOString(), months]
            )
            const expected = lotExpiresAt(
              { earned_at: earned, expires_at: own },
              { mode: "per_lot", months, since: since.toISOString() } as any
            )
            expect({ earned, months, own, at: new Date(bound.rows[0].at).toISOString() }).toEqual({
              earned,
              months,
              own,
              at: expected!.toISOString(),
            })
          }
        }
      }
    })

    it("starts the tier window in SQL where tierWindowStart does", async () => {
      for (const window of WINDOWS) {
        for (const now of MOMENTS) {
          const sql = windowStartSql(window, "?::timestamptz")
          const at = sql === null ? null : await one(sql, [now.toISOString()])
          expect({ window, now, at: at?.toISOString() ?? null }).toEqual({
            window,
            now,
            at: tierWindowStart(window, now)?.toISOString() ?? null,
          })
        }
      }
    })
  },
})

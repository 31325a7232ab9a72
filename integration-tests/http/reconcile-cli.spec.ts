import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { kapyCli } from "../helpers"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"

jest.setTimeout(180_000)

const reconcileCli = (databaseUrl: string, args: string[] = []) => kapyCli(databaseUrl, "reconcile", args)

medusaIntegrationTestRunner({
  testSuite: ({ getContainer, dbConfig }) => {
    it("exits 0 when every balance equals its entries, and 1 naming each drift", async () => {
      const loyalty = getContainer().resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      const { account } = await loyalty.earnPoints({
        customer_id: "cus_cli",
        points: 40,
        reason: "import",
        idempotency_key: "cli-1",
        actor_type: "system",
      })

      const clean = await reconcileCli(dbConfig.clientUrl)
      expect(clean.output).toMatch(/1 accounts checked .* no drift/)
      expect(clean.code).toBe(0)

      await getContainer()
        .resolve(ContainerRegistrationKeys.PG_CONNECTION)("kapy_account")
        .where({ id: account.id })
        .update({ points_balance: 45 })
      const drifted = await reconcileCli(dbConfig.clientUrl, ["--json"])
      expect(drifted.code).toBe(1)
      const report = JSON.parse(drifted.output.slice(drifted.output.indexOf("{")))
      expect(report.drifts).toEqual(
        expect.arrayContaining([
          { account_id: account.id, field: "points_balance", stored: 45, expected: 40 },
        ])
      )
    })
  },
})

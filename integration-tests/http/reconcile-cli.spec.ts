import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { spawn } from "child_process"
import path from "path"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"

jest.setTimeout(180_000)

/** Runs `npm run kapy -- reconcile` as an operator would, against the test database. */
function reconcileCli(databaseUrl: string, args: string[] = []) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, "../../scripts/kapy.js"), "reconcile", ...args], {
      cwd: path.join(__dirname, "../.."),
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "error" },
    })
    let output = ""
    child.stdout.on("data", (d) => (output += d))
    child.stderr.on("data", (d) => (output += d))
    child.on("exit", (code) => resolve({ code, output }))
  })
}

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

import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { kapyCli } from "../helpers"
import fs from "fs"
import os from "os"
import path from "path"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"

jest.setTimeout(240_000)

const importCli = (databaseUrl: string, args: string[]) => kapyCli(databaseUrl, "import", args)

medusaIntegrationTestRunner({
  dbName: "kapy-http-import-cli",
  testSuite: ({ getContainer, dbConfig, dbConnection }) => {
    it("imports a Smile.io export: matches customers by email or creates them, one import entry per member, bad rows by line, and a re-run changes nothing", async () => {
      const loyalty = getContainer().resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      const customerModule = getContainer().resolve(Modules.CUSTOMER)
      const [known] = await customerModule.createCustomers([{ email: "known@import.test", has_account: true }])
      await loyalty.retrieveProgramSettings()

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kapy-import-"))
      const file = path.join(dir, "smile-export.csv")
      fs.writeFileSync(
        file,
        [
          "Email,First name,Points balance,VIP tier,Referral URL,Date of birth",
          "Known@Import.test,Known,250,Gold,https://i.refs.cc/QRSTUVWX,1985-03-04",
          "new@import.test,New,40,,,",
          "not-an-email,Bad,10,,,",
          "zero@import.test,Zero,0,Platinum,,",
        ].join("\n") + "\n"
      )

      const first = await importCli(dbConfig.clientUrl, [file, "--source=smile"])
      expect(first.stdout).toMatch(/import \(smile\): 4 rows .* 3 imported, 0 already imported, 1 failed, 2 customers created/)
      expect(first.stdout).toMatch(/line 4: email:/)
      expect(first.stdout).toMatch(/line 5 \(warning\): tier: no tier is called "Platinum"/)
      expect(first.stderr).toMatch(/import: 4 rows, done in/)
      expect(first.code).toBe(1)

      const member = (await loyalty.retrieveMember({ customer_id: known.id }))!
      expect(member).toEqual(expect.objectContaining({ points_balance: 250, referral_code: "QRSTUVWX" }))
      // the imported tier is theirs at once, no tiers:evaluate in between
      const [gold] = await loyalty.listLoyaltyTiers({ name: "Gold" })
      expect((member as any).tier_id).toBe(gold.id)
      expect(new Date(member.birthday!).toISOString().slice(0, 10)).toBe("1985-03-04")
      const [created] = await customerModule.listCustomers({ email: "new@import.test" })
      expect((await loyalty.retrieveMember({ customer_id: created.id }))!.points_balance).toBe(40)
      const imports = await dbConnection.raw(`SELECT count(*)::int AS n, sum(points)::int AS points FROM kapy_ledger_entry WHERE reason = 'import'`)
      expect(imports.rows[0]).toEqual({ n: 2, points: 290 })

      const again = await importCli(dbConfig.clientUrl, [file, "--source=smile", "--json"])
      const report = JSON.parse(again.stdout.slice(again.stdout.indexOf("{")))
      expect(report).toEqual(expect.objectContaining({ rows: 4, imported: 0, already_imported: 3, failed: 1, customers_created: 0 }))
      expect((await dbConnection.raw(`SELECT count(*)::int AS n, sum(points)::int AS points FROM kapy_ledger_entry WHERE reason = 'import'`)).rows[0]).toEqual({ n: 2, points: 290 })
      expect((await loyalty.reconcile()).drifts).toEqual([])
    })
  },
})

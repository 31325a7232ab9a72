import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { kapyCli } from "../helpers"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"

jest.setTimeout(240_000)

const evaluateCli = (databaseUrl: string, args: string[] = []) => kapyCli(databaseUrl, "tiers:evaluate", args)

medusaIntegrationTestRunner({
  testSuite: ({ getContainer, dbConfig }) => {
    it("re-evaluates every account page by page, with count lines on a non-TTY stderr and a summary; a second run changes nothing", async () => {
      const loyalty = getContainer().resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      await loyalty.retrieveProgramSettings()
      const spend = { bronze: "10", silver: "400", gold: "1500" }
      for (const [name, amount] of Object.entries(spend)) {
        await loyalty.recordTierQualification({
          member: { customer_id: `cus_${name}` },
          kind: "placed",
          source_type: "order",
          source_id: `order_${name}`,
          idempotency_key: `placed:order_${name}`,
          amount,
          currency_code: "eur",
          orders: 1,
        })
      }

      const first = await evaluateCli(dbConfig.clientUrl, ["--batch=2"])
      expect(first.code).toBe(0)
      expect(first.stderr).toMatch(/tiers:evaluate: 3\/3 accounts evaluated/)
      expect(first.stdout).toMatch(/tiers:evaluate: 3 accounts in \d+ ms — 2 upgrades, 0 downgrades, 1 new members in the entry tier, 0 unchanged/)
      const tierOf = async (customer_id: string) => {
        const account = await loyalty.retrieveMember({ customer_id })
        return account?.tier_id ? (await loyalty.listLoyaltyTiers({ id: account.tier_id }))[0].name : null
      }
      expect([await tierOf("cus_bronze"), await tierOf("cus_silver"), await tierOf("cus_gold")]).toEqual(["Bronze", "Silver", "Gold"])

      const again = await evaluateCli(dbConfig.clientUrl, ["--json"])
      expect(again.code).toBe(0)
      expect(JSON.parse(again.stdout.slice(again.stdout.indexOf("{")))).toEqual(
        expect.objectContaining({ accounts: 3, upgrades: 0, downgrades: 0, unchanged: 3 })
      )
    })
  },
})

import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { KAPY_LOYALTY_MODULE } from ".."
import LoyaltyModuleService from "../service"

jest.setTimeout(120_000)

const system = { actor_type: "system" as const, actor_id: "test" }

/**
 * The program's cache across instances: two module instances on one
 * database (as a server and a worker, or two servers, hold one each), each
 * with its own in-process cache. A change written through one — or by SQL
 * from anywhere — is what the other's next read returns, and a read while
 * nothing changed sends no statement for the program.
 */
moduleIntegrationTestRunner<LoyaltyModuleService>({
  moduleName: KAPY_LOYALTY_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "../migrations"),
  testSuite: ({ service, MikroOrmWrapper }) => {
    const knex = () => MikroOrmWrapper.getManager().getKnex()
    /** A second instance of the module on the same database, with a cache of its own. */
    const otherInstance = () => new (service.constructor as any)((service as any).__container__, {}) as LoyaltyModuleService

    /** The SQL statements `act` sends (knex's query events on the module's connection). */
    async function statementsOf<T>(act: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
      const sql: string[] = []
      const listener = (q: { sql: string }) => sql.push(q.sql)
      // the module's own connection (its repository's manager), as the app's knex query events count it
      const connection = (service as any).baseRepository_.getFreshManager().getKnex()
      connection.on("query", listener)
      try {
        return { result: await act(), sql }
      } finally {
        connection.removeListener("query", listener)
      }
    }

    let a: LoyaltyModuleService
    let b: LoyaltyModuleService
    beforeEach(async () => {
      a = service
      b = otherInstance()
      // both caches warm: the change below must replace what each holds
      await a.retrieveProgram()
      await b.retrieveProgram()
    })

    it("shows one instance's settings change to the other's next read, by the member's read too", async () => {
      const customer = "cus_cache_settings"
      await a.earnPoints({ customer_id: customer, points: 10, reason: "order", idempotency_key: "cache-settings-1", ...system })
      const before = await b.retrieveMemberContext({ customer_id: customer })
      expect((await b.retrieveProgram({ token: before.program_token })).settings.earning.signup_points).toBe(50)

      await a.updateProgramSettings({ earning: { signup_points: 77 } })

      expect((await b.retrieveProgramSettings()).earning.signup_points).toBe(77)
      const after = await b.retrieveMemberContext({ customer_id: customer })
      expect(after.program_token).not.toBe(before.program_token)
      expect((await b.retrieveProgram({ token: after.program_token })).settings.earning.signup_points).toBe(77)
      expect((await a.retrieveProgramSettings()).earning.signup_points).toBe(77)
    })

    it("shows a tier, stamp card, action and campaign written through one instance to the other", async () => {
      const tiers = (await b.retrieveProgram()).tiers
      await a.saveTier({ id: tiers[1].id, input: { name: { en: "Argent" } } })
      expect((await b.retrieveProgram()).tiers.map((t) => t.name)).toEqual(tiers.map((t, i) => (i === 1 ? "Argent" : t.name)))

      expect(await b.listStampCards({ active: true })).toEqual([])
      const card = await a.saveStampCard({ name: "Coffee", stamps_needed: 5, reward: { type: "amount_off", amount: "5", currency_code: "eur" } })
      expect((await b.listStampCards({ active: true })).map((c) => c.id)).toEqual([card.id])
      expect((await b.retrieveMemberStampCards(null)).map((c) => c.id)).toEqual([card.id])

      expect(await b.listActiveActions()).toEqual([])
      const [action] = (await a.createLoyaltyActions([{ name: { en: "Came to the tasting" }, points: 40 }] as any)) as unknown as any[]
      expect((await b.listActiveActions()).map((x) => x.id)).toEqual([action.id])

      const now = new Date()
      expect(await b.listRunningCampaigns(now)).toEqual([])
      const [campaign] = (await a.createLoyaltyCampaigns([
        { name: "Double week", multiplier: 2, scope: "catalog", target_ids: [], starts_at: new Date(now.getTime() - 60_000) },
      ] as any)) as unknown as any[]
      expect((await b.listRunningCampaigns(now)).map((c) => c.id)).toEqual([campaign.id])
    })

    it("shows a change made by SQL from elsewhere (another process, an operator) to both", async () => {
      const [bronze] = (await a.retrieveProgram()).tiers
      await knex().raw(`UPDATE kapy_tier SET perks = 'Free coffee' WHERE id = ?`, [bronze.id])
      expect((await a.retrieveProgram()).tiers[0].perks).toBe("Free coffee")
      expect((await b.retrieveProgram()).tiers[0].perks).toBe("Free coffee")
    })

    it("never shows a change that was rolled back, and the writer sees its own change inside its transaction", async () => {
      const manager = MikroOrmWrapper.getManager()
      await manager
        .transactional(async (em: any) => {
          const trx = em.getTransactionContext()
          await trx.raw(`UPDATE kapy_program SET settings = jsonb_set(settings, '{earning,signup_points}', '999') WHERE handle = 'default'`)
          const inside = await a.retrieveProgramSettings({ transactionManager: em } as any)
          expect(inside.earning.signup_points).toBe(999)
          throw new Error("roll back")
        })
        .catch((e: Error) => expect(e.message).toBe("roll back"))
      expect((await a.retrieveProgramSettings()).earning.signup_points).toBe(50)
      expect((await b.retrieveProgramSettings()).earning.signup_points).toBe(50)
    })

    it("reads the member in one statement and, while the program is unchanged, the program in none", async () => {
      await a.earnPoints({ customer_id: "cus_cache_count", points: 25, reason: "order", idempotency_key: "cache-count-1", ...system })
      const member = await statementsOf(() => b.retrieveMemberContext({ customer_id: "cus_cache_count" }))
      expect(member.sql).toHaveLength(1)
      expect(member.result.account?.points_balance).toBe(25)
      expect(member.result.account_ids).toEqual([member.result.account!.id])

      const program = await statementsOf(() => b.retrieveProgram({ token: member.result.program_token }))
      expect(program.sql).toHaveLength(0)
      // without a token: the generation's one row
      expect((await statementsOf(() => b.retrieveProgramSettings())).sql).toHaveLength(1)
      // the tier standing of a member read already: its totals only
      expect((await statementsOf(() => b.retrieveTierStanding(member.result))).sql).toHaveLength(1)
    })

    it("follows merges in the member's one statement: the account that stays, with the merged ones", async () => {
      const shopify = await a.ensureMember({ provider: "shopify", external_id: "7364958372615928999", email: "merge@example.com", email_verified: true })
      const medusa = await a.ensureCustomerMember({ id: "cus_cache_merge" })
      await a.mergeAccounts({ from_account_id: medusa.id, into_account_id: shopify.id, ...system })
      const { result, sql } = await statementsOf(() => b.retrieveMemberContext({ customer_id: "cus_cache_merge" }))
      expect(sql).toHaveLength(1)
      expect(result.account?.id).toBe(shopify.id)
      expect(result.account_ids).toEqual([shopify.id, medusa.id])
      expect((await b.retrieveMemberContext({ account_id: medusa.id })).account?.id).toBe(shopify.id)
    })
  },
})

import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { MedusaError } from "@medusajs/framework/utils"
import path from "path"
import { KAPY_LOYALTY_MODULE } from ".."
import LoyaltyModuleService from "../service"

jest.setTimeout(120_000)

const system = { actor_type: "system" as const, actor_id: "test" }
let keySeq = 0
const key = (label = "k") => `${label}-${++keySeq}-${Math.random().toString(36).slice(2)}`

/** A Shopify customer id past 2^53: it must survive as text. */
const SHOPIFY_ID = "7364958372615928374"

moduleIntegrationTestRunner<LoyaltyModuleService>({
  moduleName: KAPY_LOYALTY_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "../migrations"),
  testSuite: ({ service, MikroOrmWrapper }) => {
    const knex = () => MikroOrmWrapper.getManager().getKnex()

    async function reconcileClean() {
      const report = await service.reconcile()
      expect(report.drifts).toEqual([])
      return report
    }

    const balanceOf = async (accountId: string) => (await service.retrieveMember({ account_id: accountId }))!

    describe("identity", () => {
      it("makes a Shopify customer a member with no Medusa customer, who earns and spends", async () => {
        const member = await service.ensureMember({
          provider: "shopify",
          external_id: SHOPIFY_ID,
          email: "Aino.Virtanen@Example.com",
          email_verified: true,
        })
        expect(member).toEqual(expect.objectContaining({ customer_id: null, status: "active", points_balance: 0 }))
        await service.earnPoints({ account_id: member.id, points: 300, reason: "order", idempotency_key: key("shop-order"), ...system })
        const spent = await service.spendPoints({ account_id: member.id, points: 100, idempotency_key: key("shop-redeem"), ...system })
        expect(spent.account.points_balance).toBe(200)

        const [identity] = await service.listMemberIdentities(member.id)
        expect(identity).toEqual(
          expect.objectContaining({ provider: "shopify", external_id: SHOPIFY_ID, email: "aino.virtanen@example.com", email_verified: true })
        )
        // the ledger carries no personal data: no email, no customer id, anywhere in an entry
        const rows = await knex()("kapy_ledger_entry").where({ account_id: member.id })
        expect(rows).toHaveLength(2)
        expect(JSON.stringify(rows)).not.toMatch(/aino|example\.com|cus_/i)
        expect(Object.keys(rows[0])).not.toContain("customer_id")
        await reconcileClean()
      })

      it("makes one account for one identity, even when asked concurrently", async () => {
        const accounts = await Promise.all(
          Array.from({ length: 10 }, () =>
            service.ensureMember({ provider: "shopify", external_id: "1001", email: "eero@example.com", email_verified: true })
          )
        )
        expect(new Set(accounts.map((a) => a.id)).size).toBe(1)
        const [{ count }] = await knex()("kapy_account_identity").where({ external_id: "1001" }).count({ count: "*" })
        expect(Number(count)).toBe(1)
      })

      it("keeps people apart whose email is not verified by both sides", async () => {
        const shopify = await service.ensureMember({ provider: "shopify", external_id: "2002", email: "ville@example.com", email_verified: true })
        const medusa = await service.ensureMember({ provider: "medusa", external_id: "cus_ville", email: "ville@example.com", email_verified: false })
        expect(medusa.id).not.toBe(shopify.id)
      })

      it("refuses writes that would move balances or owners without an entry", async () => {
        const { account } = await service.earnPoints({ customer_id: "cus_guard", points: 100, reason: "custom", idempotency_key: key(), ...system })
        const refused = async (call: Promise<unknown>, message: RegExp) => {
          const error: any = await call.then(() => null, (e) => e)
          expect(error?.type).toBe(MedusaError.Types.NOT_ALLOWED)
          expect(error.message).toMatch(message)
        }
        const s = service as any
        await refused(s.updateLoyaltyAccounts({ id: account.id, points_balance: 5000 }), /only through ledger entries/)
        await refused(s.createLoyaltyAccounts({ points_balance: 5000, referral_code: "ABCDEFGH" }), /ensureMember/)
        await refused(s.softDeleteLoyaltyAccounts([account.id]), /never deleted/)
        await refused(s.deleteLoyaltyAccounts([account.id]), /never deleted/)
        await refused(s.createLoyaltyLots({ account_id: account.id, entry_id: "x", status: "available", points: 9, remaining: 9 }), /written by the ledger/)
        await refused(s.updateLoyaltyLots({ id: "klot_x", remaining: 0 }), /written by the ledger/)
        await refused(s.updateLoyaltyIdentities({ id: "kidn_x", account_id: "kacc_other" }), /ensureMember or mergeAccounts/)
        // nothing moved: the same account, its balance, and a clean reconcile
        const after = await service.retrieveMember({ customer_id: "cus_guard" })
        expect(after).toEqual(expect.objectContaining({ id: account.id, points_balance: 100 }))
        await reconcileClean()
      })
    })

    describe("merging one person's accounts", () => {
      it("gives a Shopify member and a Medusa member with the same verified email one balance, one history", async () => {
        const shopify = await service.ensureMember({ provider: "shopify", external_id: SHOPIFY_ID, email: "aino@example.com", email_verified: true })
        await service.earnPoints({ account_id: shopify.id, points: 300, reason: "order", idempotency_key: "shopify-order:1", ...system })
        await service.spendPoints({ account_id: shopify.id, points: 100, idempotency_key: "shopify-redeem:1", ...system })
        // the Medusa side earns before anyone knows it is the same person: pending and available points
        await service.earnPoints({ customer_id: "cus_aino", points: 500, reason: "custom", idempotency_key: "medusa-bonus:1", ...system })
        await service.earnPoints({
          customer_id: "cus_aino", points: 40, reason: "order", idempotency_key: "order:medusa-1",
          available_at: new Date(Date.now() + 14 * 86_400_000), ...system,
        })
        const medusa = (await service.retrieveMember({ customer_id: "cus_aino" }))!
        expect(medusa.id).not.toBe(shopify.id)

        // the shop verifies the Medusa customer's email: same verified email, one account (the older stays)
        const merged = await service.ensureMember({ provider: "medusa", external_id: "cus_aino", email: "AINO@example.com", email_verified: true })
        expect(merged.id).toBe(shopify.id)
        expect(merged).toEqual(
          expect.objectContaining({ customer_id: "cus_aino", points_balance: 700, points_pending: 40, lifetime_points: 840, lifetime_redeemed: 100 })
        )
        expect((await service.retrieveMember({ customer_id: "cus_aino" }))!.id).toBe(shopify.id)
        expect((await service.retrieveMember({ account_id: medusa.id }))!.id).toBe(shopify.id)
        const gone = await knex()("kapy_account").where({ id: medusa.id }).first()
        expect(gone).toEqual(expect.objectContaining({ status: "merged", merged_into_id: shopify.id, points_balance: 0, points_pending: 0 }))
        expect((await service.listMemberIdentities(shopify.id)).map((i) => i.provider).sort()).toEqual(["medusa", "shopify"])
        expect(await service.listMemberAccountIds(shopify.id)).toEqual([shopify.id, medusa.id])

        // the merge is a pair of ledger entries
        const pair = await service.listLoyaltyEntries({ reason: "merge" }, { order: { points: "ASC" } })
        expect(pair.map((e) => [e.account_id, e.points, e.pending_delta])).toEqual([
          [medusa.id, -540, -40],
          [shopify.id, 540, 40],
        ])
        await reconcileClean()

        // merging again changes nothing
        const again = await service.mergeAccounts({ from_account_id: medusa.id, into_account_id: shopify.id, ...system })
        expect(again.replayed).toBe(true)
        await service.ensureMember({ provider: "medusa", external_id: "cus_aino", email: "aino@example.com", email_verified: true })
        expect(await service.listLoyaltyEntries({ reason: "merge" })).toHaveLength(2)
        expect((await balanceOf(shopify.id)).points_balance).toBe(700)

        // the merged account's pending order releases to the account that stays, and a retried earn replays
        const released = await service.releasePendingPoints({ now: new Date(Date.now() + 15 * 86_400_000) })
        expect(released.released_points).toBe(40)
        const retried = await service.earnPoints({ customer_id: "cus_aino", points: 40, reason: "order", idempotency_key: "order:medusa-1", ...system })
        expect(retried.replayed).toBe(true)
        // a write addressed to the merged account lands on the one that stays
        await service.earnPoints({ account_id: medusa.id, points: 10, reason: "custom", idempotency_key: key(), ...system })
        expect((await balanceOf(shopify.id)).points_balance).toBe(750)
        await reconcileClean()
      })

      it("lets one account's points pay the other's debt, keeping lots and balance equal", async () => {
        const indebted = await service.ensureMember({ provider: "shopify", external_id: "3003" })
        const earned = await service.earnPoints({ account_id: indebted.id, points: 100, reason: "order", idempotency_key: key(), ...system })
        await service.spendPoints({ account_id: indebted.id, points: 100, idempotency_key: key(), ...system })
        await service.reversePoints({ entry_id: earned.entry.id, points: 30, idempotency_key: key(), ...system })
        expect((await balanceOf(indebted.id)).points_balance).toBe(-30)

        const other = await service.ensureMember({ provider: "medusa", external_id: "cus_3003" })
        await service.earnPoints({ account_id: other.id, points: 100, reason: "custom", idempotency_key: key(), ...system })
        const result = await service.mergeAccounts({ from_account_id: indebted.id, into_account_id: other.id, ...system })
        expect(result.account.points_balance).toBe(70)
        const [{ lots }] = await knex()("kapy_points_lot")
          .where({ account_id: other.id, status: "available" })
          .select(knex().raw("SUM(remaining)::int AS lots"))
        expect(lots).toBe(70)
        await reconcileClean()
      })

      it("refuses to merge an account into itself or into a merged one", async () => {
        const a = await service.ensureMember({ provider: "shopify", external_id: "4004" })
        const b = await service.ensureMember({ provider: "shopify", external_id: "4005" })
        const c = await service.ensureMember({ provider: "shopify", external_id: "4006" })
        const self: any = await service.mergeAccounts({ from_account_id: a.id, into_account_id: a.id, ...system }).catch((e) => e)
        expect(self.type).toBe(MedusaError.Types.INVALID_DATA)
        await service.mergeAccounts({ from_account_id: b.id, into_account_id: a.id, ...system })
        const intoMerged: any = await service.mergeAccounts({ from_account_id: c.id, into_account_id: b.id, ...system }).catch((e) => e)
        expect(intoMerged.message).toMatch(/Only active accounts can be merged/)
        const elsewhere: any = await service.mergeAccounts({ from_account_id: b.id, into_account_id: c.id, ...system }).catch((e) => e)
        expect(elsewhere.message).toMatch(/already merged into/)
      })
    })
  },
})

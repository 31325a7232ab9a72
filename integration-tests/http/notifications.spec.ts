import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { pointsEventData } from "../../src/workflows/earning/utils/events"
import { expireLoyaltyPointsWorkflow } from "../../src/workflows/expiry"
import { afterSubscribers, createPublishableKey, recordLoyaltyEvents, registerCustomer } from "../helpers"
import { runScheduledJob } from "../jobs"

jest.setTimeout(240_000)

medusaIntegrationTestRunner({
  // a database of its own: other specs may run at the same time on this machine
  dbName: "kapy-http-notifications",
  testSuite: ({ api, getContainer, dbConnection }) => {
    let loyalty: LoyaltyModuleService
    let publishableKey: string

    afterEach(() => jest.restoreAllMocks())

    beforeEach(async () => {
      const container = getContainer()
      loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      publishableKey = await createPublishableKey(container)
      await loyalty.updateProgramSettings({ earning: { signup_points: 0 } })
    })

    const system = { actor_type: "system" as const, actor_id: "test" }

    /** A registered customer who reads `language`. */
    async function member(email: string, language?: string) {
      const customer = await registerCustomer(api, publishableKey, email)
      if (language) {
        await getContainer().resolve(Modules.CUSTOMER).updateCustomers(customer.id, { metadata: { language } })
      }
      return customer
    }

    async function sentTo(customerId: string) {
      return await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ receiver_id: customerId })
    }

    /** Emits an event as Kapy's workflows do and waits for its subscribers. */
    async function deliver(name: string, data: Record<string, unknown>) {
      const bus = getContainer().resolve(Modules.EVENT_BUS)
      await afterSubscribers(getContainer(), name, () => bus.emit({ name, data }))
    }

    async function earnedEvent(customerId: string, points: number, label: string) {
      const { entry, account } = await loyalty.earnPoints({
        customer_id: customerId,
        points,
        reason: "order",
        idempotency_key: `t:${label}`,
        ...system,
      })
      return pointsEventData(entry, account.customer_id)
    }

    it("sends one message per event in the customer's language through the Notification Module; a replayed event sends nothing more", async () => {
      const aino = await member("aino.notify@kapy.test", "fi")
      const bert = await member("bert.notify@kapy.test")
      const ainoEvent = await earnedEvent(aino.id, 120, "a1")
      const bertEvent = await earnedEvent(bert.id, 1, "b1")

      await deliver("loyalty.points_earned", ainoEvent)
      await deliver("loyalty.points_earned", bertEvent)
      // the same events again: a redelivery
      await deliver("loyalty.points_earned", ainoEvent)
      await deliver("loyalty.points_earned", bertEvent)

      const toAino = await sentTo(aino.id)
      expect(toAino).toHaveLength(1)
      expect(toAino[0]).toEqual(
        expect.objectContaining({ to: aino.email, channel: "email", template: "kapy-points_earned", trigger_type: "loyalty.points_earned" })
      )
      expect(toAino[0].data).toEqual(expect.objectContaining({ language: "fi", subject: "Sait 120 käpyä" }))
      const toBert = await sentTo(bert.id)
      expect(toBert).toHaveLength(1)
      expect(toBert[0].data).toEqual(expect.objectContaining({ language: "en", subject: "You earned 1 cone" }))

      const log = await dbConnection.raw(`SELECT status, language FROM kapy_notification ORDER BY language`)
      expect(log.rows).toEqual([
        { status: "sent", language: "en" },
        { status: "sent", language: "fi" },
      ])
      // the log names the account, never the address
      expect((await dbConnection.raw(`SELECT count(*)::int AS n FROM kapy_notification t WHERE t::text ILIKE '%@kapy.test%'`)).rows[0].n).toBe(0)
    })

    it("each kind can be switched off in program settings", async () => {
      await loyalty.updateProgramSettings({ notifications: { kinds: { points_earned: false } } })
      const aino = await member("aino.off@kapy.test")
      await deliver("loyalty.points_earned", await earnedEvent(aino.id, 10, "off"))
      expect(await sentTo(aino.id)).toHaveLength(0)
      expect((await dbConnection.raw(`SELECT status, reason FROM kapy_notification`)).rows).toEqual([{ status: "skipped", reason: "kind_disabled" }])
    })

    it("sends the expiry reminder, a marketing message, only to members who consented to marketing email", async () => {
      const aino = await member("aino.consents@kapy.test", "fi")
      const bert = await member("bert.noconsent@kapy.test")
      await api.post("/store/loyalty/me/consents", { marketing: { email: true } }, aino.headers)
      await loyalty.updateProgramSettings({ expiry: { mode: "per_lot", months: 12, warning_days: 30 } })
      await dbConnection.raw(`UPDATE kapy_program SET settings = jsonb_set(settings, '{expiry,since}', to_jsonb('2025-12-01T00:00:00.000Z'::text))`)
      for (const c of [aino, bert]) {
        const { entry } = await loyalty.earnPoints({ customer_id: c.id, points: 70, reason: "signup", idempotency_key: `t:exp:${c.id}`, ...system })
        await dbConnection.raw(`UPDATE kapy_points_lot SET created_at = '2026-01-10T12:00:00Z' WHERE entry_id = ?`, [entry.id])
      }

      await afterSubscribers(
        getContainer(),
        "loyalty.points_expiring",
        () => expireLoyaltyPointsWorkflow(getContainer()).run({ input: { now: new Date("2026-12-20T00:00:00Z") } }),
        2
      )
      const toAino = await sentTo(aino.id)
      expect(toAino).toHaveLength(1)
      expect(toAino[0].data).toEqual(expect.objectContaining({ subject: "70 käpyä vanhenee 10.1.2027" }))
      expect(await sentTo(bert.id)).toHaveLength(0)
      expect((await dbConnection.raw(`SELECT kind, status, reason FROM kapy_notification ORDER BY status`)).rows).toEqual([
        { kind: "points_expiring", status: "sent", reason: null },
        { kind: "points_expiring", status: "skipped", reason: "no_consent" },
      ])

      // the job again at the expiry: each lot expires once, with one loyalty.points_expired each, and nothing more when it runs again
      const emitted = recordLoyaltyEvents(getContainer())
      const expiredAt = new Date("2027-01-10T12:00:00Z")
      type ExpiryRun = { warnings: unknown[]; expired: unknown[] }
      const first = await runScheduledJob<ExpiryRun>(getContainer(), "kapy-expire-loyalty-points", expiredAt)
      const again = await runScheduledJob<ExpiryRun>(getContainer(), "kapy-expire-loyalty-points", expiredAt)
      expect(first.expired).toHaveLength(2)
      expect(first.warnings).toHaveLength(0)
      expect(again.expired).toHaveLength(0)
      expect(emitted.filter((e) => e.name === "loyalty.points_expired").map((e) => e.data)).toEqual([
        expect.objectContaining({ reason: "expiry", points: -70, balance: 0, expired_at: "2027-01-10T12:00:00.000Z" }),
        expect.objectContaining({ reason: "expiry", points: -70, balance: 0, expired_at: "2027-01-10T12:00:00.000Z" }),
      ])
      expect((await api.get("/store/loyalty/me", aino.headers)).data.account).toEqual(expect.objectContaining({ points_balance: 0, next_expiry: null }))
    })
  },
})

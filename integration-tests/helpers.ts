import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { spawn } from "child_process"
import path from "path"

/**
 * Test actors created the way real ones are: a publishable key in the API
 * key module, customers registered and logged in through the auth routes,
 * an admin user with an emailpass identity logging in through /auth/user.
 */

export const PASSWORD = "test-password-123"

export type Headers = { headers: Record<string, string> }

export async function createPublishableKey(container: MedusaContainer): Promise<string> {
  const apiKeys = container.resolve(Modules.API_KEY)
  const key = await apiKeys.createApiKeys({
    title: "test storefront",
    type: "publishable",
    created_by: "test",
  })
  return key.token
}

export async function registerCustomer(
  api: any,
  publishableKey: string,
  email: string
): Promise<{ id: string; email: string; token: string; headers: Headers }> {
  const registration = await api.post("/auth/customer/emailpass/register", {
    email,
    password: PASSWORD,
  })
  const created = await api.post(
    "/store/customers",
    { email, first_name: email.split("@")[0], last_name: "Tester" },
    {
      headers: {
        authorization: `Bearer ${registration.data.token}`,
        "x-publishable-api-key": publishableKey,
      },
    }
  )
  const login = await api.post("/auth/customer/emailpass", { email, password: PASSWORD })
  return {
    id: created.data.customer.id,
    email,
    token: login.data.token,
    headers: {
      headers: {
        authorization: `Bearer ${login.data.token}`,
        "x-publishable-api-key": publishableKey,
      },
    },
  }
}

export async function createAdmin(
  api: any,
  container: MedusaContainer,
  email = "admin@kapy.test"
): Promise<{ id: string; headers: Headers }> {
  const users = container.resolve(Modules.USER)
  const auth = container.resolve(Modules.AUTH)
  const user = await users.createUsers({ email, first_name: "Ada", last_name: "Admin" })
  const { authIdentity, error } = await auth.register("emailpass", {
    body: { email, password: PASSWORD },
  } as any)
  if (!authIdentity) {
    throw new Error(`Could not register the test admin: ${error}`)
  }
  await auth.updateAuthIdentities({
    id: authIdentity.id,
    app_metadata: { user_id: user.id },
  })
  const login = await api.post("/auth/user/emailpass", { email, password: PASSWORD })
  return { id: user.id, headers: { headers: { authorization: `Bearer ${login.data.token}` } } }
}

/** Resolves to the HTTP error response of a request expected to fail. */
export async function failing(request: Promise<unknown>): Promise<{ status: number; data: any }> {
  try {
    const response: any = await request
    throw new Error(`Expected the request to fail, got ${response.status}`)
  } catch (error: any) {
    if (!error.response) {
      throw error
    }
    return { status: error.response.status, data: error.response.data }
  }
}

/**
 * Waits for something an event subscriber does in the background. Bounded
 * by a number of tries, not a deadline: a slow machine waits longer, and
 * the test still fails if it never happens.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  tries = 100
): Promise<T> {
  let value = await read()
  for (let i = 0; i < tries && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 100))
    value = await read()
  }
  return value
}

/** Records the loyalty.* events the app emits from now on (jest.restoreAllMocks stops it). */
export function recordLoyaltyEvents(container: any): { name: string; data: any }[] {
  const emitted: { name: string; data: any }[] = []
  const eventBus = container.resolve("event_bus")
  const emit = eventBus.emit.bind(eventBus)
  jest.spyOn(eventBus, "emit").mockImplementation(async (messages: any, options?: any) => {
    for (const m of [messages].flat()) {
      if (String(m.name).startsWith("loyalty.")) {
        emitted.push({ name: m.name, data: m.data })
      }
    }
    return emit(messages, options)
  })
  return emitted
}

let subscriptions = 0
/** Collects the events of `name` the event bus actually delivers to subscribers. */
export function deliveredEvents(container: any, name: string): any[] {
  const delivered: any[] = []
  container
    .resolve("event_bus")
    .subscribe(name, async (event: any) => void delivered.push(event.data ?? event), {
      subscriberId: `test-${name}-${++subscriptions}`,
    })
  return delivered
}

/** Captures an order's payment through the admin API and returns it, for refund tests. */
export async function capturePayment(api: any, orderId: string, adminHeaders: Headers) {
  const { data } = await api.get(
    `/admin/orders/${orderId}?fields=id,*payment_collections,*payment_collections.payments`,
    adminHeaders
  )
  const payment = data.order.payment_collections[0].payments[0]
  await api.post(`/admin/payments/${payment.id}/capture`, {}, adminHeaders)
  return payment as { id: string }
}

/**
 * A customer's ledger entries, through their loyalty account (the ledger
 * holds no customer ids). None when the customer has no account.
 */
export async function entriesOf(
  loyalty: { retrieveMember: (ref: { customer_id: string }) => Promise<{ id: string } | null>; listLoyaltyEntries: (...args: any[]) => Promise<any[]> },
  customerId: string,
  filters: Record<string, unknown> = {}
) {
  const account = await loyalty.retrieveMember({ customer_id: customerId })
  return account
    ? await loyalty.listLoyaltyEntries({ ...filters, account_id: account.id }, { order: { created_at: "ASC" } })
    : []
}

/**
 * Runs `act` and resolves once every subscriber of `eventName` has handled
 * the event it causes (Medusa's `waitSubscribersExecution`): what a test
 * checks afterwards is what the subscribers did, not what a sleep allowed.
 */
export async function afterSubscribers<T>(container: any, eventName: string, act: () => Promise<T>, triggerCount = 1): Promise<T> {
  const { TestEventUtils } = await import("@medusajs/test-utils")
  const done = TestEventUtils.waitSubscribersExecution(eventName, container.resolve("event_bus"), { triggerCount, timeout: 60_000 })
  const result = await act()
  await done
  return result
}

/**
 * Resolves once every subscriber of `eventName` has finished handling
 * `count` deliveries of it (each subscriber counted on its own: Medusa's
 * `waitSubscribersExecution` shares one count among all of an event's
 * subscribers, so with several subscribers and a count above 1 it resolves
 * early). With no subscriber, once the event has been emitted `count`
 * times. Call it before the act that causes the events.
 */
export function subscribersDone(eventBus: any, eventName: string, count = 1): Promise<void> {
  const emitter = eventBus.eventEmitter_
  const listeners: any[] = emitter.listeners(eventName)
  if (!listeners.length) {
    return new Promise((resolve) => {
      let seen = 0
      const counter = () => {
        if (++seen >= count) {
          emitter.removeListener(eventName, counter)
          resolve()
        }
      }
      emitter.on(eventName, counter)
    })
  }
  return Promise.all(
    listeners.map(
      (listener) =>
        new Promise<void>((resolve) => {
          let handled = 0
          const counting = async (...args: any[]) => {
            try {
              await listener.apply(eventBus, args)
            } finally {
              if (++handled >= count) {
                emitter.removeListener(eventName, counting)
                emitter.on(eventName, listener)
                resolve()
              }
            }
          }
          ;(counting as any).subscriberId = listener.subscriberId
          emitter.removeListener(eventName, listener)
          emitter.on(eventName, counting)
        })
    )
  ).then(() => undefined)
}

/**
 * Runs `act`, which places `count` member orders, and resolves once their
 * whole earn path has run: every `order.placed` subscriber (the earn, stamp
 * cards, referrals) and every subscriber of the `loyalty.order_earned` the
 * earn emits (the tier qualification, its group and cart moves). Guest
 * orders emit no `loyalty.order_earned`: wait for those with
 * `afterSubscribers(container, "order.placed", …)`.
 */
export async function afterOrdersEarned<T>(container: any, act: () => Promise<T>, count = 1): Promise<T> {
  const eventBus = container.resolve("event_bus")
  const done = ["order.placed", "loyalty.order_earned"].map((name) => subscribersDone(eventBus, name, count))
  const result = await act()
  await Promise.all(done)
  return result
}

/**
 * Runs `npm run kapy -- <command> ...args` as an operator would, against the
 * test database (stderr is a pipe, not a TTY: plain progress lines).
 * `output` is stdout and stderr as they came.
 */
export function kapyCli(databaseUrl: string, command: string, args: string[] = []) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; output: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, "../scripts/kapy.js"), command, ...args], {
      cwd: path.join(__dirname, ".."),
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "error" },
    })
    let stdout = ""
    let stderr = ""
    let output = ""
    child.stdout.on("data", (d) => ((stdout += d), (output += d)))
    child.stderr.on("data", (d) => ((stderr += d), (output += d)))
    child.on("exit", (code) => resolve({ code, stdout, stderr, output }))
  })
}

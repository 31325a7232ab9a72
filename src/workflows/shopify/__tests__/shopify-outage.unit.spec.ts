import http from "http"
import net from "net"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ShopifyAdminClient, ShopifyUnreachableError } from "../../../modules/shopify/admin-client"
import { whileShopifyReachable } from "../utils/shopify-outage"

/** A local port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** A container whose logger keeps every line logged. */
function recordingContainer() {
  const lines: { level: string; message: string }[] = []
  const logger = Object.fromEntries(
    ["info", "warn", "error", "debug"].map((level) => [level, (message: string) => lines.push({ level, message })])
  )
  return { container: { resolve: () => logger } as unknown as MedusaContainer, lines }
}

describe("Shopify unreachable", () => {
  it("the Admin client says so in one line, without retrying a refused connection", async () => {
    const port = await closedPort()
    const client = new ShopifyAdminClient({ url: `http://127.0.0.1:${port}/admin/api/2026-10/graphql.json`, accessToken: async () => "t" })
    const error = await client.request("{ shop { currencyCode } }").catch((e) => e)
    expect(error).toBeInstanceOf(ShopifyUnreachableError)
    expect(error.message).toBe(`Shopify Admin API unreachable at http://127.0.0.1:${port}: ECONNREFUSED`)
  })

  it("an Admin API that keeps answering 503 is unreachable too", async () => {
    const server = http.createServer((_req, res) => res.writeHead(503).end()).listen(0, "127.0.0.1")
    await new Promise((r) => server.once("listening", r))
    const { port } = server.address() as net.AddressInfo
    const waits: number[] = []
    const client = new ShopifyAdminClient({
      url: `http://127.0.0.1:${port}/graphql.json`,
      accessToken: async () => "t",
      wait: async (ms) => void waits.push(ms),
    })
    const error = await client.request("{ shop { currencyCode } }").catch((e) => e)
    server.close()
    expect(error).toBeInstanceOf(ShopifyUnreachableError)
    expect(error.message).toBe("Shopify Admin API answered 503 4 times")
    expect(waits).toHaveLength(3)
  })

  it("a job's work logs one warning per outage, throws nothing, and one line when Shopify answers again", async () => {
    const port = await closedPort()
    const client = new ShopifyAdminClient({ url: `http://127.0.0.1:${port}/graphql.json`, accessToken: async () => "t" })
    const { container, lines } = recordingContainer()
    const shop = "outage-unit.myshopify.com"
    const work = () => client.request("{ shop { currencyCode } }")
    // three scheduled runs during one outage
    for (let run = 0; run < 3; run++) {
      await expect(whileShopifyReachable(container, shop, "the reconciliation of orders", work, { asked_shopify: true })).resolves.toBeNull()
    }
    expect(lines).toEqual([
      {
        level: "warn",
        message: `kapy: Shopify (${shop}) is unreachable, the reconciliation of orders waits: Shopify Admin API unreachable at http://127.0.0.1:${port}: ECONNREFUSED. The Shopify jobs retry on their schedule; this is logged once until it answers again.`,
      },
    ])
    expect(lines[0].message).not.toContain("\n")

    await expect(whileShopifyReachable(container, shop, "the reconciliation of orders", async () => "read", { asked_shopify: true })).resolves.toBe("read")
    expect(lines.slice(1)).toEqual([{ level: "info", message: expect.stringMatching(new RegExp(`^kapy: Shopify \\(${shop}\\) answers again \\(unreachable since \\S+\\)$`)) }])

    // a second outage warns again, once
    await whileShopifyReachable(container, shop, "the sync of tier discounts", work)
    await whileShopifyReachable(container, shop, "the sync of tier discounts", work)
    expect(lines.filter((l) => l.level === "warn")).toHaveLength(2)
  })

  it("any other error is thrown as before", async () => {
    const { container, lines } = recordingContainer()
    await expect(whileShopifyReachable(container, "other.myshopify.com", "x", async () => { throw new Error("a bug") })).rejects.toThrow("a bug")
    expect(lines).toEqual([])
  })
})

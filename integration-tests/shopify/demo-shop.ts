import http from "http"
import type { AddressInfo } from "net"
import { countedOrderPayload, CountedLine } from "./payloads-orders"
import { ShopifyStandIn, webhookDeliveryHeaders, webhookId } from "./stand-in"

/**
 * The demo Shopify shop of `KAPY_DEMO_SHOPIFY=1 npm run dev`: the stand-in
 * Admin API (stand-in.ts, which holds every request to Shopify's schema and
 * limits) as the shop `kapy-demo.myshopify.com`, with one customer — the
 * Medusa demo shopper's verified email — and a way to buy: `POST
 * /kapy-demo/orders` records a paid order in the stand-in (what the
 * reconciliation reads) and delivers its signed `orders/paid` webhook to the
 * app, as Shopify would. Every other request is the Admin API's.
 */

/** The demo shop's app settings (the plugin's `shopify` options point at the stand-in with these). */
export const DEMO_SHOPIFY = {
  shop: "kapy-demo.myshopify.com",
  api_key: "kapy-demo-key",
  api_secret: "shpss_kapy_demo_secret",
  access_token: "shpat_kapy_demo_token",
  api_version: "2026-10",
  /** Encrypts an OAuth token at rest (the demo uses the custom-app token above): 32 bytes, hex. */
  token_key: "6b617079206465762064656d6f206b6579206e6f742061207365637265742121",
} as const

/** The demo shop's customer: the Medusa demo shopper (src/scripts/seed-demo.ts), email verified by Shopify. */
export const DEMO_SHOPIFY_CUSTOMER = {
  id: "7208000000001",
  email: "aino@example.com",
  first_name: "Aino",
  last_name: "Virtanen",
  verified_email: true,
}

/** What the demo shopper buys on Shopify: EUR prices with 25.5 % VAT included, as the Medusa demo store's. */
const DEMO_BASKET = [
  { title: "Fair trade coffee 500 g", product_id: "8308000000001", price: "12.90", quantity: 2 },
  { title: "Vitamin D3 50 µg, 120 capsules", product_id: "8308000000002", price: "14.90", quantity: 1 },
]
const VAT_RATE = 25.5
const SHIPPING = "5.90"

export type DemoOrder = {
  id: string
  name: string
  email: string
  total: string
  currency: string
  /** The app's answer to the `orders/paid` delivery. */
  delivery: { url: string; status: number; body: unknown }
}

export class DemoShopifyShop {
  readonly standIn = new ShopifyStandIn(DEMO_SHOPIFY.access_token, DEMO_SHOPIFY.api_version)
  private server: http.Server | null = null
  private orderSequence = 0

  /** `appUrl`: where the app serves `/shopify/webhooks` (a test's app may only know it later: `placeOrder` takes one too). */
  constructor(private appUrl: string) {}

  get url() {
    const { port } = this.server!.address() as AddressInfo
    return `http://127.0.0.1:${port}`
  }

  /** The plugin's options from the environment, as medusa-config.ts reads them, pointing at this shop. */
  env(): Record<string, string> {
    return {
      SHOPIFY_SHOP: DEMO_SHOPIFY.shop,
      SHOPIFY_API_KEY: DEMO_SHOPIFY.api_key,
      SHOPIFY_API_SECRET: DEMO_SHOPIFY.api_secret,
      SHOPIFY_ACCESS_TOKEN: DEMO_SHOPIFY.access_token,
      SHOPIFY_API_VERSION: DEMO_SHOPIFY.api_version,
      SHOPIFY_ADMIN_API_URL: this.url,
      KAPY_SHOPIFY_TOKEN_KEY: DEMO_SHOPIFY.token_key,
      // the Medusa demo shopper and the Shopify customer of the same email are one member
      KAPY_MEDUSA_EMAILS_VERIFIED: "true",
    }
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => this.route(req, res))
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject)
      this.server!.listen(port, "127.0.0.1", () => resolve())
    })
    return this
  }

  async stop() {
    const server = this.server
    this.server = null
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }

  /**
   * The demo shopper pays a Shopify order: it is recorded in the stand-in
   * (the reconciliation reads it there) and its `orders/paid` webhook,
   * signed with the app's secret, is delivered to the app.
   */
  async placeOrder({ appUrl = this.appUrl }: { appUrl?: string } = {}): Promise<DemoOrder> {
    // Shopify's order ids are 13 digits and more; a clock-based one stays unique across restarts of the demo
    const id = String(5_900_000_000_000 + Date.now() * 10 + (this.orderSequence++ % 10))
    const lines: CountedLine[] = DEMO_BASKET.map((item, i) => {
      const gross = Number(item.price) * item.quantity
      return {
        id: `${id}${i + 1}`,
        product_id: item.product_id,
        price: item.price,
        quantity: item.quantity,
        tax: ((gross * VAT_RATE) / (100 + VAT_RATE)).toFixed(2),
      }
    })
    const customer = DEMO_SHOPIFY_CUSTOMER
    const body = countedOrderPayload({ id, customer, lines, shipping: SHIPPING })
    const order = JSON.parse(body)
    const now = new Date().toISOString()
    this.standIn.orders.push({
      id: `gid://shopify/Order/${id}`,
      name: order.name,
      test: false,
      cancelledAt: null,
      processedAt: now,
      updatedAt: now,
      displayFinancialStatus: "PAID",
      taxesIncluded: true,
      currencyCode: "EUR",
      customer: { id: `gid://shopify/Customer/${customer.id}`, email: customer.email, verifiedEmail: customer.verified_email },
      discountCodes: [],
      customAttributes: [],
      refunds: [],
      lineItems: {
        nodes: lines.map((line) => ({
          id: `gid://shopify/LineItem/${line.id}`,
          quantity: line.quantity,
          isGiftCard: false,
          product: { id: `gid://shopify/Product/${line.product_id}` },
          originalUnitPriceSet: { shopMoney: { amount: line.price, currencyCode: "EUR" } },
          discountAllocations: [],
          taxLines: [{ priceSet: { shopMoney: { amount: line.tax, currencyCode: "EUR" } } }],
        })),
      },
    })
    const gid = `gid://shopify/Customer/${customer.id}`
    this.standIn.orderCounts.set(gid, (this.standIn.orderCounts.get(gid) ?? 0) + 1)

    const url = `${appUrl.replace(/\/$/, "")}/shopify/webhooks`
    const headers = webhookDeliveryHeaders({
      topic: "orders/paid",
      body,
      shop: DEMO_SHOPIFY.shop,
      secret: DEMO_SHOPIFY.api_secret,
      apiVersion: DEMO_SHOPIFY.api_version,
      id: webhookId(`demo-orders-paid-${id}`),
      eventId: webhookId(`demo-event-orders-paid-${id}`),
    })
    const response = await fetch(url, { method: "POST", headers, body })
    const answer = await response.text()
    let parsed: unknown = answer
    try {
      parsed = JSON.parse(answer)
    } catch {
      // not JSON: kept as text
    }
    return {
      id,
      name: order.name,
      email: customer.email,
      total: order.total_price,
      currency: order.currency,
      delivery: { url, status: response.status, body: parsed },
    }
  }

  /** `POST /kapy-demo/orders` places an order (`npm run demo:shopify-order`); anything else is the Admin API. */
  private route(req: http.IncomingMessage, res: http.ServerResponse) {
    if (!req.url?.startsWith("/kapy-demo/")) {
      return this.standIn.handle(req, res)
    }
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" })
      res.end(JSON.stringify(body))
    }
    if (req.method === "POST" && req.url === "/kapy-demo/orders") {
      req.resume()
      this.placeOrder().then(
        (order) => send(200, { order }),
        (error) => send(502, { type: "unexpected_state", message: `The order was recorded, but its webhook could not be delivered: ${error?.cause?.code ?? error?.cause?.errors?.[0]?.code ?? error?.message ?? error}` })
      )
      return
    }
    send(404, { type: "not_found", message: "The demo shop serves POST /kapy-demo/orders" })
  }
}

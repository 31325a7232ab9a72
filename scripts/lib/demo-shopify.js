/**
 * The demo Shopify shop of `KAPY_DEMO_SHOPIFY=1 npm run dev`
 * (integration-tests/shopify/demo-shop.ts: Kapy's Shopify stand-in as
 * kapy-demo.myshopify.com, with the demo shopper as its customer), started
 * on a local port beside the dev app; `npm run demo:shopify-order` asks it
 * to place an order. The HTTP test of the demo starts it the same way.
 */
const DEFAULT_PORT = 9020

/** Whether the environment switches the demo Shopify shop on (`KAPY_DEMO_SHOPIFY=1`). */
function demoShopifyEnabled(env = process.env) {
  return ["1", "true"].includes(String(env.KAPY_DEMO_SHOPIFY ?? "").toLowerCase())
}

/** The port the demo shop listens on (`KAPY_DEMO_SHOPIFY_PORT`, 9020 by default). */
function demoShopifyPort(env = process.env) {
  const port = Number(env.KAPY_DEMO_SHOPIFY_PORT || DEFAULT_PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`KAPY_DEMO_SHOPIFY_PORT must be a port number, not ${env.KAPY_DEMO_SHOPIFY_PORT}`)
  }
  return port
}

/**
 * Lets this plain Node process load the demo shop's TypeScript (ts-node
 * with swc, as `npm run bench` runs TypeScript; tsconfig.json says so).
 * Jest compiles it by itself and needs none of this.
 */
function registerTypeScript() {
  require("ts-node").register({ transpileOnly: true, swc: true })
}

/**
 * Starts the demo shop on `port` (0: any free one), delivering its
 * webhooks to the app at `appUrl`. Resolves with the shop: `url`, `env()`
 * (the plugin's options for the dev app), `placeOrder()`, `stop()`.
 */
async function startDemoShopify({ appUrl, port }) {
  const { DemoShopifyShop } = require("../../integration-tests/shopify/demo-shop")
  return new DemoShopifyShop(appUrl).start(port)
}

/** The lines of the demo shop in the dev app's credentials box. */
function demoShopifyBoxLines(shop) {
  const { DEMO_SHOPIFY, DEMO_SHOPIFY_CUSTOMER } = require("../../integration-tests/shopify/demo-shop")
  return [
    `  Shopify shop:     ${DEMO_SHOPIFY.shop} (a local stand-in at ${shop.url})`,
    `  Shopify customer: ${DEMO_SHOPIFY_CUSTOMER.email} (verified: one member with the Medusa shopper)`,
    "  Shopify order:    npm run demo:shopify-order (pays one, delivers its orders/paid webhook)",
  ]
}

module.exports = { DEFAULT_PORT, demoShopifyEnabled, demoShopifyPort, registerTypeScript, startDemoShopify, demoShopifyBoxLines }

#!/usr/bin/env node
/**
 * `npm run demo:shopify-order`: the demo shopper pays an order in the demo
 * Shopify shop of `KAPY_DEMO_SHOPIFY=1 npm run dev`, which records it and
 * delivers its signed `orders/paid` webhook to the dev app.
 */
const { demoShopifyPort } = require("./lib/demo-shopify")

async function main() {
  const url = `http://127.0.0.1:${demoShopifyPort()}/kapy-demo/orders`
  let response
  try {
    response = await fetch(url, { method: "POST" })
  } catch (error) {
    console.error(`[kapy demo] no demo Shopify shop answers at ${url} (${error?.cause?.code ?? error.message}): start it with \`KAPY_DEMO_SHOPIFY=1 npm run dev\``)
    process.exit(1)
  }
  const body = await response.json().catch(() => ({}))
  if (!response.ok) {
    console.error(`[kapy demo] ${body.message ?? `the demo shop answered ${response.status}`}`)
    process.exit(1)
  }
  const { order } = body
  const delivered = order.delivery.status === 200
  console.log(`[kapy demo] Shopify order ${order.name} (id ${order.id}) paid by ${order.email}: ${order.total} ${order.currency}`)
  console.log(
    delivered
      ? `[kapy demo] orders/paid delivered to ${order.delivery.url}: the cones show in the widget (/kapy/demo) and on the member's admin page`
      : `[kapy demo] orders/paid delivered to ${order.delivery.url}, which answered ${order.delivery.status}: ${JSON.stringify(order.delivery.body)}`
  )
  process.exit(delivered ? 0 : 1)
}

main()

import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { processShopifyDelivery, SHOPIFY_WEBHOOK_RECEIVED } from "../workflows/shopify"

/**
 * How many deliveries one process works on at once. Shopify sends bursts;
 * earning them all at once would fill the event loop and delay the
 * answers to the webhooks still arriving (Shopify gives 5 s). The others
 * wait their turn here, already stored and answered.
 */
const AT_ONCE = Math.max(1, Number(process.env.KAPY_SHOPIFY_WEBHOOK_CONCURRENCY ?? 4))
let running = 0
const waiting: (() => void)[] = []

async function turn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) {
    // a finishing delivery hands its place over: `running` stays as it is
    await new Promise<void>((resolve) => waiting.push(resolve))
  } else {
    running++
  }
  try {
    return await work()
  } finally {
    const next = waiting.shift()
    if (next) {
      next()
    } else {
      running--
    }
  }
}

/** Processes a Shopify webhook the route stored and answered: earning, reversals, signups, privacy. */
export default async function shopifyWebhookReceived({ event, container }: SubscriberArgs<{ id: string }>) {
  await turn(() => processShopifyDelivery(container, event.data.id))
}

export const config: SubscriberConfig = {
  event: SHOPIFY_WEBHOOK_RECEIVED,
  context: { subscriberId: "kapy-shopify-webhook-received" },
}

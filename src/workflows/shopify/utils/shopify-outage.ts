import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { isShopifyUnreachable } from "../../../modules/shopify/admin-client"

/** Since when each shop has been unreachable, in this process (one warning per outage). */
const outages = new Map<string, Date>()

/**
 * Notes that Shopify could not be reached: the first time in an outage it
 * logs one warning line (what failed, why, that the work is retried on the
 * job's schedule); later failures of the same outage log nothing more.
 */
export function noteShopifyOutage(container: MedusaContainer, shop: string, what: string, error: unknown) {
  if (outages.has(shop)) {
    return
  }
  outages.set(shop, new Date())
  const reason = (error as any)?.message ?? String(error)
  container
    .resolve(ContainerRegistrationKeys.LOGGER)
    .warn(`kapy: Shopify (${shop}) is unreachable, ${what} waits: ${reason}. The Shopify jobs retry on their schedule; this is logged once until it answers again.`)
}

/**
 * Notes that Shopify answered (the reconciliation, which asks Shopify on
 * every run, says so): after an outage, one line saying so.
 */
export function noteShopifyReachable(container: MedusaContainer, shop: string) {
  const since = outages.get(shop)
  if (!since) {
    return
  }
  outages.delete(shop)
  container.resolve(ContainerRegistrationKeys.LOGGER).info(`kapy: Shopify (${shop}) answers again (unreachable since ${since.toISOString()})`)
}

/**
 * Runs a scheduled job's work that calls Shopify. When Shopify cannot be
 * reached (the connection fails, or it keeps answering 5xx), the run ends
 * quietly with `null` and one warning per outage instead of a failed job
 * with its stack every few minutes; the next scheduled run tries again (and
 * the work is resumable: cursors, pending deliveries and expired codes stay
 * where they were). Any other error is thrown as before. Work that asked
 * Shopify on every run passes `asked_shopify: true`, and its success ends
 * the outage.
 */
export async function whileShopifyReachable<T>(
  container: MedusaContainer,
  shop: string,
  what: string,
  work: () => Promise<T>,
  { asked_shopify = false }: { asked_shopify?: boolean } = {}
): Promise<T | null> {
  try {
    const result = await work()
    if (asked_shopify) {
      noteShopifyReachable(container, shop)
    }
    return result
  } catch (error) {
    if (!isShopifyUnreachable(error)) {
      throw error
    }
    noteShopifyOutage(container, shop, what, error)
    return null
  }
}

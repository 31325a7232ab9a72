import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import type { TierChange } from "../../../types/loyalty"
import { ensureTierPricing } from "../utils/tier-pricing"

export const syncTierGroupsStepId = "kapy-sync-tier-groups"

type Membership = { customer_id: string; customer_group_id: string }

/**
 * Puts each changed member in exactly their tier's customer group: out of
 * every other tier's group, into the new tier's (made first, with its price
 * list, if the tier has none yet). Members known only to Shopify are
 * skipped. The compensation undoes the moves.
 *
 * @example
 * syncTierGroupsStep({ changes: [{ customer_id: "cus_123", from: "ktier_b", to: "ktier_s", ... }] })
 */
export const syncTierGroupsStep = createStep(
  syncTierGroupsStepId,
  async (input: { changes: TierChange[] }, { container }) => {
    const changes = input.changes.filter((c) => c.customer_id)
    if (!changes.length) {
      return new StepResponse({ added: 0, removed: 0 }, { added: [] as Membership[], removed: [] as Membership[] })
    }
    const tiers = await ensureTierPricing(container)
    const groupOf = new Map(tiers.map((t) => [t.id, t.customer_group_id!]))
    const tierGroups = new Set(groupOf.values())
    const customers = container.resolve(Modules.CUSTOMER)
    // the last change of each customer wins (a batch may hold more than one)
    const target = new Map(changes.map((c) => [c.customer_id!, c.to ? groupOf.get(c.to) ?? null : null]))
    const current = await customers.listCustomers({ id: [...target.keys()] }, { relations: ["groups"], take: null })
    const added: Membership[] = []
    const removed: Membership[] = []
    for (const customer of current) {
      const want = target.get(customer.id) ?? null
      const has = new Set((customer.groups ?? []).map((g) => g.id).filter((id) => tierGroups.has(id)))
      for (const id of has) {
        if (id !== want) {
          removed.push({ customer_id: customer.id, customer_group_id: id })
        }
      }
      if (want && !has.has(want)) {
        added.push({ customer_id: customer.id, customer_group_id: want })
      }
    }
    if (removed.length) {
      await customers.removeCustomerFromGroup(removed)
    }
    if (added.length) {
      await customers.addCustomerToGroup(added)
    }
    return new StepResponse({ added: added.length, removed: removed.length }, { added, removed })
  },
  async (moves, { container }) => {
    if (!moves) {
      return
    }
    const customers = container.resolve(Modules.CUSTOMER)
    if (moves.added.length) {
      await customers.removeCustomerFromGroup(moves.added)
    }
    if (moves.removed.length) {
      await customers.addCustomerToGroup(moves.removed)
    }
  }
)

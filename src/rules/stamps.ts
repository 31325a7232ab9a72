/**
 * Stamp cards ("the 10th coffee free"). The rule book:
 *
 * 1. A card needs `stamps_needed` stamps (2 to 100). An order earns one
 *    stamp on each active card it qualifies for, once per order:
 *    - `order`: any order whose item total reaches the card's minimum in
 *      its currency (no minimum: any order; a currency without one: none);
 *    - `product`: an order with an item of one of the card's products, or
 *      from one of its collections or categories, and the minimum too.
 * 2. A stamp goes back when its order is cancelled. A stamp taken back
 *    after the card was filled is owed: the next stamp pays it first.
 * 3. When the stamps reach `stamps_needed` the card is full: that many
 *    stamps are used up and the member gets the card's reward once, a
 *    single-use promotion code: an amount off the order, or one product
 *    free.
 */

export type StampCardTrigger =
  | { kind: "order" }
  | { kind: "product"; product_ids?: string[]; collection_ids?: string[]; category_ids?: string[] }

export type StampCardReward =
  | { type: "amount_off"; amount: string; currency_code: string }
  | { type: "free_product"; product_id: string }

export type StampCardRule = {
  stamps_needed: number
  trigger: StampCardTrigger
  /** Smallest item total per currency ("10" eur); null: any order. */
  min_amount: Record<string, string> | null
}

export type StampOrder = {
  currency_code: string
  item_total: number | string
  items: { product_id: string | null; collection_id: string | null; category_ids: string[] }[]
}

/** Whether an order earns a stamp on the card (rule 1). */
export function orderEarnsStamp(card: StampCardRule, order: StampOrder): boolean {
  if (card.min_amount) {
    const min = card.min_amount[order.currency_code.toLowerCase()]
    if (min === undefined || Number(order.item_total) < Number(min)) {
      return false
    }
  }
  if (card.trigger.kind === "order") {
    return true
  }
  const { product_ids = [], collection_ids = [], category_ids = [] } = card.trigger
  return order.items.some(
    (item) =>
      (!!item.product_id && product_ids.includes(item.product_id)) ||
      (!!item.collection_id && collection_ids.includes(item.collection_id)) ||
      item.category_ids.some((c) => category_ids.includes(c))
  )
}

/**
 * Where a member stands on a card (rules 2 and 3): the stamps counted
 * (stamps minus those taken back) less those used up by full cards; at
 * `stamps_needed` or more, how many more cards are full now.
 *
 * @example
 * stampProgress({ stamps: 10, completions: 0, needed: 10 }) // { stamps: 10, full_now: 1, on_card: 0 }
 */
export function stampProgress(input: { stamps: number; completions: number; needed: number }) {
  const standing = input.stamps - input.completions * input.needed
  const fullNow = standing >= input.needed ? Math.floor(standing / input.needed) : 0
  return { stamps: standing, full_now: fullNow, on_card: standing - fullNow * input.needed }
}

/** What is wrong with a card's definition, naming the field; null when fine. */
export function stampCardProblem(card: {
  name?: unknown
  stamps_needed?: unknown
  trigger?: StampCardTrigger
  reward?: StampCardReward
}): string | null {
  if (typeof card.name !== "string" || !card.name.trim()) {
    return "name: a card needs a name"
  }
  if (!Number.isInteger(card.stamps_needed) || (card.stamps_needed as number) < 2 || (card.stamps_needed as number) > 100) {
    return "stamps_needed: a whole number from 2 to 100"
  }
  if (card.trigger?.kind === "product") {
    const { product_ids = [], collection_ids = [], category_ids = [] } = card.trigger
    if (!product_ids.length && !collection_ids.length && !category_ids.length) {
      return "trigger: a product card names products, collections or categories"
    }
  }
  if (card.reward?.type === "amount_off" && !(Number(card.reward.amount) > 0)) {
    return "reward.amount: must be more than 0"
  }
  if (card.reward?.type === "free_product" && !card.reward.product_id) {
    return "reward.product_id: the free product is needed"
  }
  return null
}

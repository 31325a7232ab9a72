import type { LoyaltyTierDTO } from "../../../../types/loyalty"

/**
 * A tier as the admin reads and writes it: names and perks per language,
 * numbers as numbers, and the Medusa objects its pricing lives in (the
 * customer group, the price list to fill in Medusa's price-list UI, the
 * automatic promotion of `discount_percent`).
 */
export function adminTierView(tier: LoyaltyTierDTO, members?: number) {
  const translations = tier.translations ?? {}
  const perLanguage = (en: string | null, key: "name" | "perks") => {
    const texts: Record<string, string> = {}
    if (en) {
      texts.en = en
    }
    for (const [lang, t] of Object.entries(translations)) {
      if (t?.[key]) {
        texts[lang] = t[key]!
      }
    }
    return Object.keys(texts).length ? texts : null
  }
  return {
    id: tier.id,
    rank: tier.rank,
    name: perLanguage(tier.name, "name")!,
    threshold: Number(tier.threshold),
    multiplier: Number(tier.multiplier),
    discount_percent: tier.discount_percent === null || tier.discount_percent === undefined ? null : Number(tier.discount_percent),
    perks: perLanguage(tier.perks, "perks"),
    customer_group_id: tier.customer_group_id ?? null,
    price_list_id: tier.price_list_id ?? null,
    promotion_id: tier.promotion_id ?? null,
    ...(members === undefined ? {} : { members }),
  }
}

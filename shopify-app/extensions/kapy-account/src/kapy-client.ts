import { KAPY_URL } from "./config"

type UnitNames = { one: string; other: string }

/** What GET /shopify/customer-account/me answers (the fields this block reads). */
export type CustomerAccountView = {
  member: boolean
  unit: Record<string, UnitNames>
  account: {
    points_balance: number
    points_pending: number
    tier: { name: string } | null
    next_tier: { name: string; remaining: number } | null
    tier_progress: { metric: string; qualifying: number }
    referral_link: string | null
  }
  referrals: { as_referrer: { count: number; points_earned: number } }
  recent_entries: { id: string; reason: string; points: number; created_at: string }[]
  join: { ways_to_earn: ({ action: string; points?: number; rates?: Record<string, string> })[] } | null
}

/** The logged-in customer's points from Kapy, asked with their session token (one request per render). */
export async function fetchCustomerAccount(): Promise<CustomerAccountView> {
  const token = await shopify.sessionToken.get()
  const response = await fetch(`${KAPY_URL}/shopify/customer-account/me`, {
    headers: {
      Authorization: `Bearer ${token}`,
      "Accept-Language": shopify.localization.language.value.isoCode,
    },
  })
  if (!response.ok) {
    throw new Error(`Kapy answered ${response.status}`)
  }
  return (await response.json()) as CustomerAccountView
}

import {
  friendFacingStatus,
  friendRewardChannel,
  friendRewardTerms,
  hashIpAddress,
  meetsMinimumOrder,
  monthStart,
  normaliseAddress,
  normaliseEmailForReferral,
  normalisePhone,
  normaliseReferralCode,
  ReferralFacts,
  referralOrderRejection,
  referralRejection,
  weekBefore,
} from "../referrals"

describe("referral codes", () => {
  it("are read in any case, with spaces or dashes", () => {
    expect(normaliseReferralCode("k7p2mx9q")).toBe("K7P2MX9Q")
    expect(normaliseReferralCode(" K7P2-MX9Q ")).toBe("K7P2MX9Q")
    expect(normaliseReferralCode("k7p2 mx9q")).toBe("K7P2MX9Q")
  })

  it("never hold look-alikes (0, O, 1, I, L), and are 8 characters", () => {
    for (const code of ["K0P2MX9Q", "KOP2MX9Q", "K1P2MX9Q", "KIP2MX9Q", "KLP2MX9Q", "klp2mx9q"]) {
      expect(normaliseReferralCode(code)).toBeNull()
    }
    expect(normaliseReferralCode("K7P2MX9")).toBeNull()
    expect(normaliseReferralCode("K7P2MX9QQ")).toBeNull()
    expect(normaliseReferralCode("")).toBeNull()
    expect(normaliseReferralCode(undefined)).toBeNull()
    expect(normaliseReferralCode("K7P2%X9Q")).toBeNull()
  })
})

describe("emails, as one mailbox", () => {
  it("ignore case and surrounding spaces", () => {
    expect(normaliseEmailForReferral("  Aino@Example.COM ")).toBe("aino@example.com")
  })

  it("drop a +tag", () => {
    expect(normaliseEmailForReferral("aino+shop@example.com")).toBe("aino@example.com")
    expect(normaliseEmailForReferral("aino+a+b@example.com")).toBe("aino@example.com")
  })

  it("drop dots in Gmail and Googlemail addresses, one service", () => {
    expect(normaliseEmailForReferral("A.Smith+x@GMail.com")).toBe("asmith@gmail.com")
    expect(normaliseEmailForReferral("a.s.mith@googlemail.com")).toBe("asmith@gmail.com")
    expect(normaliseEmailForReferral("asmith@gmail.com")).toBe("asmith@gmail.com")
  })

  it("keep dots elsewhere, where they name another mailbox", () => {
    expect(normaliseEmailForReferral("a.smith@example.com")).toBe("a.smith@example.com")
  })

  it("are no email without a local part or a domain", () => {
    expect(normaliseEmailForReferral("nobody")).toBeNull()
    expect(normaliseEmailForReferral("@example.com")).toBeNull()
    expect(normaliseEmailForReferral("+tag@example.com")).toBeNull()
    expect(normaliseEmailForReferral(null)).toBeNull()
  })
})

describe("phone numbers", () => {
  it("drop spaces, dashes, dots and brackets", () => {
    expect(normalisePhone("+358 (40) 123-4567")).toBe("+358401234567")
    expect(normalisePhone("+358.40.123.4567")).toBe("+358401234567")
  })

  it("read 00 as + and a leading 0 as the country's calling code", () => {
    expect(normalisePhone("00358 40 123 4567")).toBe("+358401234567")
    expect(normalisePhone("040 123 4567")).toBe("+358401234567")
    expect(normalisePhone("070-123 45 67", "46")).toBe("+46701234567")
  })

  it("are no number with letters or under 6 digits", () => {
    expect(normalisePhone("12345")).toBeNull()
    expect(normalisePhone("call me")).toBeNull()
    expect(normalisePhone("")).toBeNull()
  })
})

describe("shipping addresses, as one place", () => {
  const home = { address_1: "Aleksanterinkatu 5 A 12", postal_code: "00100", city: "Helsinki", country_code: "fi" }

  it("ignore case, spaces and punctuation", () => {
    expect(normaliseAddress({ ...home, address_1: "ALEKSANTERINKATU 5a12", postal_code: "00 100", country_code: "FI" })).toBe(
      normaliseAddress(home)
    )
  })

  it('read "k." as "katu" and "t." as "tie"', () => {
    expect(normaliseAddress({ ...home, address_1: "Aleksanterink. 5 A 12" })).toBe(normaliseAddress(home))
    expect(normaliseAddress({ ...home, address_1: "Mannerheimint. 3" })).toBe(
      normaliseAddress({ ...home, address_1: "Mannerheimintie 3" })
    )
  })

  it("read common English and German street abbreviations", () => {
    expect(normaliseAddress({ ...home, address_1: "1 Main St." })).toBe(normaliseAddress({ ...home, address_1: "1 Main Street" }))
    expect(normaliseAddress({ ...home, address_1: "Hauptstr. 1" })).toBe(normaliseAddress({ ...home, address_1: "Hauptstraße 1" }))
  })

  it("drop apartment labels and keep their numbers", () => {
    expect(normaliseAddress({ ...home, address_1: "Aleksanterinkatu 5", address_2: "A as. 12" })).toBe(normaliseAddress(home))
    expect(normaliseAddress({ ...home, address_1: "Aleksanterinkatu 5 A 13" })).not.toBe(normaliseAddress(home))
  })

  it("tell other streets, postal codes and countries apart", () => {
    expect(normaliseAddress({ ...home, address_1: "Aleksanterinkatu 7 A 12" })).not.toBe(normaliseAddress(home))
    expect(normaliseAddress({ ...home, postal_code: "00101" })).not.toBe(normaliseAddress(home))
    expect(normaliseAddress({ ...home, country_code: "se" })).not.toBe(normaliseAddress(home))
  })

  it("are no place without a street or a postal code", () => {
    expect(normaliseAddress({ ...home, address_1: " " })).toBeNull()
    expect(normaliseAddress({ ...home, postal_code: null })).toBeNull()
    expect(normaliseAddress(null)).toBeNull()
  })
})

describe("the fraud decision", () => {
  const facts = (over: Partial<ReferralFacts> = {}): ReferralFacts => ({
    referrer: {
      account_id: "kacc_a",
      account_status: "active",
      customer_ids: ["cus_a"],
      emails: ["asmith@gmail.com"],
      phones: ["+358 40 123 4567"],
      addresses: [{ address_1: "Aleksanterinkatu 5", postal_code: "00100", country_code: "fi" }],
    },
    friend: {
      account_id: "kacc_b",
      customer_ids: ["cus_b"],
      emails: ["bertta@example.com"],
      phones: [],
      addresses: [],
      order_count: 0,
    },
    referrer_completed_this_month: 0,
    max_completed_per_month: 10,
    ip_applications_this_week: 0,
    max_friends_per_ip_week: 3,
    ...over,
  })
  const friend = (over: Partial<ReferralFacts["friend"]>) => ({ friend: { ...facts().friend, ...over } })
  const referrer = (over: Partial<ReferralFacts["referrer"]>) => ({ referrer: { ...facts().referrer, ...over } })

  it("lets a new friend with their own email, phone and address stand", () => {
    expect(referralRejection(facts())).toBeNull()
  })

  it("rejects the referrer referring themselves: same account or same customer", () => {
    expect(referralRejection(facts(friend({ account_id: "kacc_a" })))).toBe("self_referral")
    expect(referralRejection(facts(friend({ customer_ids: ["cus_a"] })))).toBe("self_referral")
  })

  it("rejects the same mailbox written differently", () => {
    expect(referralRejection(facts(friend({ emails: ["A.Smith+x@GMail.com"] })))).toBe("same_email")
  })

  it("rejects the same phone number written differently", () => {
    expect(referralRejection(facts(friend({ phones: ["0401234567"] })))).toBe("same_phone")
  })

  it("rejects the friend's order shipping to the referrer's address written differently", () => {
    expect(
      referralRejection(facts(friend({ addresses: [{ address_1: "ALEKSANTERINK. 5", postal_code: "00 100", country_code: "FI" }] })))
    ).toBe("same_address")
  })

  it("rejects a friend who had orders already", () => {
    expect(referralRejection(facts(friend({ order_count: 1 })))).toBe("friend_has_orders")
  })

  it("rejects a referrer whose account is not active", () => {
    expect(referralRejection(facts(referrer({ account_status: "closed" })))).toBe("referrer_suspended")
  })

  it("rejects beyond the referrer's monthly limit and the IP address's weekly limit, not at them", () => {
    expect(referralRejection(facts({ referrer_completed_this_month: 9 }))).toBeNull()
    expect(referralRejection(facts({ referrer_completed_this_month: 10 }))).toBe("referrer_monthly_limit")
    expect(referralRejection(facts({ ip_applications_this_week: 2 }))).toBeNull()
    expect(referralRejection(facts({ ip_applications_this_week: 3 }))).toBe("ip_weekly_limit")
  })

  it("names the first reason in the rule's order", () => {
    expect(referralRejection(facts({ ...friend({ emails: ["asmith@gmail.com"], order_count: 2 }), ip_applications_this_week: 9 }))).toBe(
      "same_email"
    )
  })

  it("never tells the friend why", () => {
    expect(friendFacingStatus("rejected")).toBe("not_eligible")
    expect(friendFacingStatus("void")).toBe("not_eligible")
    expect(friendFacingStatus("pending")).toBe("pending")
  })
})

describe("the friend's order", () => {
  const referrers = [{ address_1: "Aleksanterinkatu 5", postal_code: "00100", city: "Helsinki", country_code: "fi" }]

  it("rejects the referral when it ships to the referrer's address, however written", () => {
    expect(referralOrderRejection(referrers, { address_1: "aleksanterink.5", postal_code: "00100", country_code: "FI" })).toBe(
      "same_address"
    )
  })

  it("lets it stand when it ships elsewhere, or nowhere", () => {
    expect(referralOrderRejection(referrers, { address_1: "Mannerheimintie 3", postal_code: "00100", country_code: "fi" })).toBeNull()
    expect(referralOrderRejection(referrers, null)).toBeNull()
    expect(referralOrderRejection([], { address_1: "Aleksanterinkatu 5", postal_code: "00100", country_code: "fi" })).toBeNull()
  })
})

describe("the qualifying first order", () => {
  it("costs at least the minimum of its currency", () => {
    expect(meetsMinimumOrder({ amount: 30, currency_code: "eur" }, { eur: "30" })).toBe(true)
    expect(meetsMinimumOrder({ amount: "29.99", currency_code: "EUR" }, { eur: "30" })).toBe(false)
  })

  it("never qualifies in a currency without a minimum", () => {
    expect(meetsMinimumOrder({ amount: 1000, currency_code: "sek" }, { eur: "30" })).toBe(false)
  })
})

describe("the limits' windows", () => {
  it("count the calendar month in UTC and the last 7 days", () => {
    expect(monthStart(new Date("2026-11-23T10:00:00Z")).toISOString()).toBe("2026-11-01T00:00:00.000Z")
    expect(weekBefore(new Date("2026-11-23T10:00:00Z")).toISOString()).toBe("2026-11-16T10:00:00.000Z")
  })
})

describe("IP addresses", () => {
  it("are kept as a keyed hash: the same address counts together, the address is not recoverable", () => {
    const hash = hashIpAddress("203.0.113.7", "secret")
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(hash).not.toContain("203")
    expect(hashIpAddress("::ffff:203.0.113.7", "secret")).toBe(hash)
    expect(hashIpAddress("203.0.113.7", "other")).not.toBe(hash)
    expect(hashIpAddress("", "secret")).toBeNull()
  })
})

describe("the friend's welcome (rule 4)", () => {
  it("is made where the friend shops: Shopify when applied there, else the Medusa customer, else the Shopify one", () => {
    expect(friendRewardChannel({ applied_on: "shopify", medusa_customer: true, shopify_customer: true })).toBe("shopify")
    expect(friendRewardChannel({ applied_on: "shopify", medusa_customer: true, shopify_customer: false })).toBe("medusa")
    expect(friendRewardChannel({ applied_on: null, medusa_customer: true, shopify_customer: true })).toBe("medusa")
    expect(friendRewardChannel({ medusa_customer: false, shopify_customer: true })).toBe("shopify")
    expect(friendRewardChannel({ applied_on: "medusa", medusa_customer: false, shopify_customer: false })).toBeNull()
  })

  it("is the program's amount in the given currency, with that currency's minimum or else the first one's", () => {
    const program = { amount: "5", min_order: { eur: "30", sek: "300" } }
    expect(friendRewardTerms(program)).toEqual({ currency_code: "eur", amount: "5", min_order: "30" })
    expect(friendRewardTerms(program, "SEK")).toEqual({ currency_code: "sek", amount: "5", min_order: "300" })
    expect(friendRewardTerms(program, "usd")).toEqual({ currency_code: "usd", amount: "5", min_order: "30" })
    expect(friendRewardTerms({ amount: "5", min_order: {} })).toEqual({ currency_code: "eur", amount: "5", min_order: null })
  })
})

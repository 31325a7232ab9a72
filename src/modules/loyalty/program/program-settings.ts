import { z } from "@medusajs/framework/zod"
import { NOTIFICATION_KINDS } from "../../../rules/notifications"

/**
 * The program a shop runs: what its points are called, how they are earned
 * and spent. Stored as one validated document on the program row so that new
 * rules (campaigns, expiry, referrals) extend the schema, not the table.
 * Defaults are PRODUCT.md's; a shop overrides them with plugin options
 * (`program`) and later from the admin.
 */

const currencyCode = z
  .string()
  .regex(/^[a-z]{3}$/, "currency codes are three lower-case letters, e.g. eur")

/** A positive decimal written as a string or number: "1", 1.5, "0.25". */
const positiveDecimal = z
  .union([z.number(), z.string()])
  .transform((v) => String(v))
  .refine((v) => /^\d+(\.\d+)?$/.test(v) && Number(v) > 0, {
    message: "must be a positive decimal number",
  })

const wholePoints = z.number().int().min(0).max(100_000_000)

export const SOCIAL_PLATFORMS = [
  "instagram",
  "facebook",
  "tiktok",
  "youtube",
  "x",
  "newsletter",
] as const

export const unitNamesSchema = z.object({
  one: z.string().min(1).max(40),
  other: z.string().min(1).max(40),
})

export const programSettingsSchema = z.object({
  /** Unit names per language; `en` is required, others fall back to it. */
  unit: z
    .record(z.string().min(2).max(5), unitNamesSchema)
    .refine((v) => !!v.en, { message: "unit needs English names (en)" })
    .default({
      en: { one: "cone", other: "cones" },
      fi: { one: "käpy", other: "käpyä" },
    }),
  earning: z
    .object({
      /** Points per one unit of currency paid, per currency. */
      rates: z.record(currencyCode, positiveDecimal).default({ eur: "1" }),
      /** Count the item total without tax even where prices include tax. */
      net_of_tax: z.boolean().default(false),
      /** Days order points stay pending (the return window). */
      pending_days: z.number().int().min(0).max(365).default(14),
      signup_points: wholePoints.default(50),
      birthday_points: wholePoints.default(100),
      review_points: wholePoints.default(20),
      review_auto_approve: z.boolean().default(false),
      social_points: z
        .record(z.enum(SOCIAL_PLATFORMS), wholePoints)
        .default({
          instagram: 10,
          facebook: 10,
          tiktok: 10,
          youtube: 10,
          x: 10,
          newsletter: 10,
        }),
      /** true or false for every platform, or per platform (`{ instagram: true }`; absent: false). */
      social_auto_approve: z
        .union([z.boolean(), z.partialRecord(z.enum(SOCIAL_PLATFORMS), z.boolean())])
        .default(false),
      /** The shop's profile per platform, for widgets to link to (`https://instagram.com/shop`). */
      social_profiles: z.partialRecord(z.enum(SOCIAL_PLATFORMS), z.string().url().max(500)).default({}),
    })
    .prefault({}),
  /** Limits on what shoppers write and claim. */
  abuse: z
    .object({
      /** Claims (social follows and custom actions) one member may make in 24 hours. */
      claims_per_day: z.number().int().min(1).max(1000).default(5),
      /** Longest review title and text, in characters (at most 120 and 5 000). */
      review_title_max: z.number().int().min(1).max(120).default(120),
      review_content_max: z.number().int().min(1).max(5000).default(5000),
    })
    .prefault({}),
  redemption: z
    .object({
      /** Points that make one unit of currency, per currency. */
      rates: z.record(currencyCode, positiveDecimal).default({ eur: "100" }),
      min_points: z.number().int().min(1).max(100_000_000).default(100),
      step_points: z.number().int().min(1).max(100_000).default(1),
      /** Largest share of the cart total payable with points, in percent. */
      max_cart_share_percent: z.number().min(1).max(100).default(100),
      /**
       * On a refund, give back the refunded share of the points an order was
       * paid with ("proportional"), or let the admin choose per refund
       * ("manual", POST /admin/loyalty/orders/:id/returned-points).
       */
      refund_policy: z.enum(["proportional", "manual"]).default("proportional"),
      /**
       * What cones buy on Shopify (the app proxy's redeem): a single-use
       * discount code ("discount_code"), or an amount added to the
       * customer's Shopify store credit ("store_credit"). docs/shopify.md.
       */
      shopify_redemption: z.enum(["discount_code", "store_credit"]).default("discount_code"),
    })
    .prefault({}),
  tiers: z
    .object({
      metric: z.enum(["spend", "points", "orders"]).default("spend"),
      window: z
        .enum(["rolling_12_months", "calendar_year", "lifetime"])
        .default("rolling_12_months"),
      /** Currency in which spend thresholds are written. */
      currency_code: currencyCode.default("eur"),
      /**
       * Spend in other currencies counts at these rates: units of
       * `currency_code` per unit of the currency. Spend in a currency with no
       * rate does not qualify.
       */
      rates: z.record(currencyCode, positiveDecimal).default({}),
      /** Days a member keeps a tier after falling below it before the downgrade. */
      grace_days: z.number().int().min(0).max(365).default(30),
      /** Whether an admin's manual adjustments count toward the points metric. */
      count_adjustments: z.boolean().default(false),
    })
    .prefault({}),
  referral: z
    .object({
      enabled: z.boolean().default(true),
      referrer_points: wholePoints.default(500),
      friend_reward: z
        .discriminatedUnion("type", [
          z.object({ type: z.literal("promotion"), amount: positiveDecimal }),
          z.object({ type: z.literal("points"), points: wholePoints }),
        ])
        .default({ type: "promotion", amount: "5" }),
      /** Smallest first order, per currency, that rewards the referrer. */
      min_order: z.record(currencyCode, positiveDecimal).default({ eur: "30" }),
      /** Completed referrals a referrer may have per calendar month; more are rejected. */
      max_completed_per_month: z.number().int().min(1).max(100_000).default(10),
      /** Friends who may apply a code from one IP address in 7 days; more are rejected. */
      max_friends_per_ip_week: z.number().int().min(1).max(100_000).default(3),
      /** The query parameter of referral links: `<storefront_url>?ref=CODE`. */
      link_param: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).default("ref"),
    })
    .prefault({}),
  expiry: z
    .object({
      /**
       * Off by default; `per_lot`: points expire `months` after they were
       * earned; `inactivity`: the whole balance `months` after the last
       * purchase (src/rules/expiry.ts).
       */
      mode: z.enum(["off", "per_lot", "inactivity"]).default("off"),
      /** Months after which points expire; needed when the mode is not off. */
      months: z.number().int().min(1).max(120).nullable().default(null),
      warning_days: z.number().int().min(1).max(365).default(30),
      /** When the mode was switched on: set by the module, never by a caller (no retroactive expiry). */
      since: z.string().datetime().nullable().default(null),
    })
    .superRefine((v, ctx) => {
      if (v.mode !== "off" && !v.months) {
        ctx.addIssue({ code: "custom", path: ["months"], message: `a number of months is needed when expiry.mode is ${v.mode}` })
      }
    })
    .prefault({}),
  /** Messages to members through Medusa's Notification Module (src/modules/loyalty/notifications). */
  notifications: z
    .object({
      enabled: z.boolean().default(true),
      /** Each kind on or off; absent: on. */
      kinds: z
        .partialRecord(z.enum(NOTIFICATION_KINDS), z.boolean())
        .default({}),
      /** The channel notifications are sent on (the provider configured for it delivers them). */
      channel: z.string().min(1).max(40).default("email"),
      /** Language when the customer has none (en or fi). */
      default_language: z.enum(["en", "fi"]).default("en"),
    })
    .prefault({}),
  /** Personal data: what erasure does and how long a member who left is kept. */
  privacy: z
    .object({
      /** On erasure, keep the member's reviews without their name, or remove them. */
      reviews_on_erasure: z.enum(["anonymise", "remove"]).default("anonymise"),
      /** Days a member who left the program is kept before their data is erased (the shop's legal retention). */
      retention_days: z.number().int().min(0).max(3650).default(30),
      /** The version of the program terms and consent texts members agree to now. */
      consent_text_version: z.string().min(1).max(40).default("1"),
    })
    .prefault({}),
  /** Where referral links point, e.g. https://shop.example.com */
  storefront_url: z.string().url().nullable().default(null),
})

export type ProgramSettings = z.infer<typeof programSettingsSchema>
export type ProgramSettingsInput = z.input<typeof programSettingsSchema>

/**
 * Layers a partial settings document over another, without validating.
 * Sections (`earning`, `redemption`, …) merge field by field; a field given
 * in the patch replaces the earlier one whole, so `{ earning: { rates: {
 * sek: "10" } } }` keeps `pending_days` but makes SEK the only earning
 * currency. `unit` is replaced whole.
 */
export function layerProgramSettings(
  base: Record<string, unknown>,
  patch: Record<string, unknown> | null | undefined
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base }
  for (const [section, value] of Object.entries(patch ?? {})) {
    if (value === undefined) {
      continue
    }
    const current = merged[section]
    merged[section] =
      isPlainObject(value) && isPlainObject(current) && section !== "unit"
        ? { ...current, ...value }
        : value
  }
  return merged
}

/** The defaults with `layers` over them, validated (throws a ZodError when invalid). */
export function resolveProgramSettings(
  ...layers: (Record<string, unknown> | null | undefined)[]
): ProgramSettings {
  const merged = layers.reduce<Record<string, unknown>>(
    (acc, layer) => layerProgramSettings(acc, layer),
    programSettingsSchema.parse({})
  )
  return programSettingsSchema.parse(merged)
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v)
}

export type DefaultTier = {
  name: string
  rank: number
  threshold: string
  multiplier: string
  /** The name in the program's other languages (the admin edits them in Tiers). */
  translations: Record<string, { name: string }>
}

export const DEFAULT_TIERS: DefaultTier[] = [
  { name: "Bronze", rank: 0, threshold: "0", multiplier: "1", translations: { fi: { name: "Pronssi" } } },
  { name: "Silver", rank: 1, threshold: "300", multiplier: "1.25", translations: { fi: { name: "Hopea" } } },
  { name: "Gold", rank: 2, threshold: "1000", multiplier: "1.5", translations: { fi: { name: "Kulta" } } },
]

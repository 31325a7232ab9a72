/**
 * Notifications to members. The rule book:
 *
 * 1. Each loyalty event of a kind below may send the member one message,
 *    on the program's channel, when notifications and that kind are on
 *    (all are, until the shop switches one off).
 * 2. At most once per event: each message has a key made from what the
 *    event is about (an entry, a claim, a referral, an expiry notice), so a
 *    redelivered event finds its message already sent.
 * 3. Messages of a marketing kind (a reminder to come back and spend
 *    expiring points) go only to members who consented to marketing on
 *    that channel; transactional ones (what happened to their points,
 *    tier, claim, referral or stamp card) need no consent.
 * 4. The language is the customer's (`metadata.language` or `.locale`,
 *    e.g. "fi" or "fi-FI") when it is English or Finnish, else the
 *    program's default; the points unit is named in that language.
 */

export const NOTIFICATION_KINDS = [
  "points_earned",
  "points_released",
  "points_redeemed",
  "tier_changed",
  "referral_completed",
  "claim_approved",
  "points_expiring",
  "stamp_card_completed",
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export const NOTIFICATION_LANGUAGES = ["en", "fi"] as const
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number]

/** The event each kind answers. */
export const NOTIFICATION_EVENTS: Record<string, NotificationKind> = {
  "loyalty.points_earned": "points_earned",
  "loyalty.points_released": "points_released",
  "loyalty.points_redeemed": "points_redeemed",
  "loyalty.tier_changed": "tier_changed",
  "loyalty.referral_completed": "referral_completed",
  "loyalty.claim_approved": "claim_approved",
  "loyalty.points_expiring": "points_expiring",
  "loyalty.stamp_card_completed": "stamp_card_completed",
}

/** Kinds that are marketing (rule 3). */
export const MARKETING_KINDS: readonly NotificationKind[] = ["points_expiring"]

export type NotificationSettings = {
  enabled: boolean
  kinds: Partial<Record<NotificationKind, boolean>>
  channel: string
  default_language: NotificationLanguage
}

/** Why a message is not sent (rules 1 and 3), or null when it may be. */
export function notificationRefusal(
  kind: NotificationKind,
  settings: NotificationSettings,
  member: { has_address: boolean; marketing_consent: boolean }
): "disabled" | "kind_disabled" | "no_address" | "no_consent" | null {
  if (!settings.enabled) {
    return "disabled"
  }
  if (settings.kinds[kind] === false) {
    return "kind_disabled"
  }
  if (!member.has_address) {
    return "no_address"
  }
  if (MARKETING_KINDS.includes(kind) && !member.marketing_consent) {
    return "no_consent"
  }
  return null
}

/** The consent purpose marketing on `channel` needs (rule 3); other channels count as email. */
export function marketingPurpose(channel: string): "marketing_email" | "marketing_sms" | "marketing_push" {
  return channel === "sms" ? "marketing_sms" : channel === "push" ? "marketing_push" : "marketing_email"
}

/**
 * The message's key (rule 2): the kind and what the event is about. A tier
 * change has no id of its own: the member, the tiers and the moment of the
 * change make it (the day, for an event that does not carry the moment).
 */
export function notificationKey(kind: NotificationKind, data: Record<string, any>, now: Date = new Date()): string | null {
  const id =
    kind === "referral_completed"
      ? data.referral_id
      : kind === "claim_approved"
        ? data.claim_id
        : kind === "points_expiring"
          ? data.notice_id
          : kind === "stamp_card_completed"
            ? data.completion_id
            : kind === "tier_changed"
              ? data.account_id &&
                `${data.account_id}:${data.from ?? "none"}:${data.to ?? "none"}:${data.changed_at ?? now.toISOString().slice(0, 10)}`
              : data.entry_id
  return id ? `kapy:${kind}:${id}` : null
}

/** The customer's language if Kapy has texts in it, else the default (rule 4). */
export function notificationLanguage(
  metadata: Record<string, unknown> | null | undefined,
  fallback: NotificationLanguage
): NotificationLanguage {
  const raw = metadata?.language ?? metadata?.locale
  const code = typeof raw === "string" ? raw.trim().toLowerCase().slice(0, 2) : ""
  return (NOTIFICATION_LANGUAGES as readonly string[]).includes(code) ? (code as NotificationLanguage) : fallback
}

/**
 * A tier's name in `language`: its translation from the program's tier
 * settings (`translations.fi.name`, "Hopea"), else its base name.
 */
export function tierNameIn(
  tier: { name: string; translations?: Record<string, unknown> | null },
  language: string
): string {
  const local = tier.translations?.[language] as { name?: unknown } | undefined
  return (typeof local?.name === "string" && local.name.trim()) || tier.name
}

type Units = Record<string, { one: string; other: string }>

/** `n` with the unit's name in `language` ("1 cone", "5 käpyä"). */
export function pointsText(n: number, units: Units, language: NotificationLanguage): string {
  const unit = units[language] ?? units.en
  return `${n} ${Math.abs(n) === 1 ? unit.one : unit.other}`
}

function dateText(iso: string | Date | null | undefined, language: NotificationLanguage): string {
  if (!iso) {
    return ""
  }
  const d = new Date(iso)
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]
  return language === "fi" ? `${day}.${m}.${y}` : `${y}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`
}

/**
 * The message's subject and text in `language`, from the event's data.
 * `tier_name` and `reward_code` are added by the caller where the event
 * carries only ids.
 */
export function renderNotification(
  kind: NotificationKind,
  language: NotificationLanguage,
  data: Record<string, any>,
  units: Units
): { subject: string; text: string } {
  const p = (n: unknown) => pointsText(Math.abs(Number(n ?? 0)), units, language)
  const fi = language === "fi"
  switch (kind) {
    case "points_earned":
      return fi
        ? { subject: `Sait ${p(data.points)}`, text: data.pending ? `Sait ${p(data.points)}. Ne ovat käytettävissä, kun palautusaika on ohi.` : `Sait ${p(data.points)}. Saldosi on nyt ${p(data.balance)}.` }
        : { subject: `You earned ${p(data.points)}`, text: data.pending ? `You earned ${p(data.points)}. They become yours to spend when the return period is over.` : `You earned ${p(data.points)}. Your balance is now ${p(data.balance)}.` }
    case "points_released":
      return fi
        ? { subject: `${p(data.points)} käytettävissä`, text: `${p(data.points)} on nyt käytettävissäsi. Saldosi on ${p(data.balance)}.` }
        : { subject: `${p(data.points)} ready to spend`, text: `${p(data.points)} are now yours to spend. Your balance is ${p(data.balance)}.` }
    case "points_redeemed":
      return fi
        ? { subject: `Maksoit ${p(data.points)}`, text: `Käytit tilaukseesi ${p(data.points)}. Saldosi on nyt ${p(data.balance)}.` }
        : { subject: `You paid with ${p(data.points)}`, text: `You used ${p(data.points)} on your order. Your balance is now ${p(data.balance)}.` }
    case "tier_changed":
      return fi
        ? { subject: `Tasosi on nyt ${data.tier_name ?? "uusi"}`, text: `Kanta-asiakastasosi on nyt ${data.tier_name ?? "uusi"}.` }
        : { subject: `You are now ${data.tier_name ?? "in a new tier"}`, text: `Your loyalty tier is now ${data.tier_name ?? "a new one"}.` }
    case "referral_completed":
      return fi
        ? { subject: `Ystäväsi tilasi: sait ${p(data.points)}`, text: `Suosittelemasi ystävän ensimmäinen tilaus toi sinulle ${p(data.points)}.` }
        : { subject: `Your friend ordered: you earned ${p(data.points)}`, text: `The first order of the friend you referred earned you ${p(data.points)}.` }
    case "claim_approved":
      return fi
        ? { subject: `Sait ${p(data.points)}`, text: `Pyyntösi hyväksyttiin ja sait ${p(data.points)}.` }
        : { subject: `You earned ${p(data.points)}`, text: `Your claim was approved and you earned ${p(data.points)}.` }
    case "points_expiring":
      return fi
        ? { subject: `${p(data.points)} vanhenee ${dateText(data.expires_at, language)}`, text: `${p(data.points)} vanhenee ${dateText(data.expires_at, language)}. Käytä ne ennen sitä.` }
        : { subject: `${p(data.points)} expire on ${dateText(data.expires_at, language)}`, text: `${p(data.points)} expire on ${dateText(data.expires_at, language)}. Spend them before then.` }
    case "stamp_card_completed":
      return fi
        ? { subject: "Leimakorttisi on täynnä", text: `Leimakorttisi on täynnä. Palkintokoodisi: ${data.reward_code ?? ""}` }
        : { subject: "Your stamp card is full", text: `Your stamp card is full. Your reward code: ${data.reward_code ?? ""}` }
  }
}

import type { KapyError, Program } from "./client"

/** The widgets' languages: English and Finnish; anything else reads English. */
export type Lang = "en" | "fi"

export function pickLang(value: string | null | undefined): Lang {
  return value?.toLowerCase().startsWith("fi") ? "fi" : "en"
}

const en = {
  balance: "Your balance",
  pending: "pending",
  tier: "Tier",
  loading: "Loading…",
  guest: "Log in to see your balance and use it.",
  join: "Join and get",
  joinCta: "Join the club",
  login: "Log in",
  progress: "Tier progress",
  top: "You are in the top tier.",
  tierGuest: "Join to start at {tier} and climb up to {top}.",
  toNext: "{x} more to {tier}",
  orders: "{n} orders",
  earn: "Ways to earn",
  purchase: "Shop: {x} for every {money}",
  pendingDays: "available after {n} days",
  signup: "Create an account",
  birthday: "Birthday gift",
  setBirthday: "Your birthday",
  save: "Save",
  referral: "Refer a friend",
  review: "Review a product",
  follow: "Follow us on {p}",
  followBtn: "Follow on {p}",
  newsletter: "Sign up for the newsletter",
  subscribe: "Subscribe",
  claim: "Claim",
  claimed: "Claimed",
  claimPending: "Waiting for approval",
  claimApproved: "Earned",
  claimRejected: "Not approved",
  yourLink: "Your referral link",
  copy: "Copy link",
  copied: "Link copied",
  share: "Share",
  refStats: "{n} friends joined, {x} earned",
  refApplied: "Your friend's code {code} is applied.",
  refNotEligible: "Thanks! This code cannot give a welcome reward to this account.",
  refSaved: "Friend's code {code} saved: it is applied when you log in or join.",
  gift: "Your welcome gift: {x} off an order of {min} or more with the code {code}",
  giftPoints: "You got {x} as a welcome gift.",
  friendGets: "Your friend gets {x}, you get {y} after their first order.",
  redeem: "Pay with {u}",
  available: "You have {x}",
  points: "{u} to use",
  rules: "At least {min}, in steps of {step}.",
  worth: "{x} = {money}",
  quote: "{x} = −{money}, new total {total}",
  apply: "Use",
  remove: "Remove",
  applied: "{x} applied: −{money}",
  total: "Cart total",
  newTotal: "New total",
  noCart: "Add something to your cart to pay with {u}.",
  code: "Your discount code: {code}",
  useCode: "Apply to cart",
  credited: "{money} added to your store credit: it is used at checkout.",
  productPoints: "Earn {x}",
  history: "History",
  empty: "Nothing here yet.",
  prev: "Previous",
  next: "Next",
  pageOf: "Page {n} of {m}",
  open: "Rewards",
  close: "Close",
  panel: "Your rewards",
  r: {
    order: "Purchase",
    review: "Review",
    social: "Social follow",
    signup: "Welcome bonus",
    birthday: "Birthday gift",
    referral: "Referral",
    custom: "Bonus",
    adjustment: "Adjusted by the shop",
    redemption: "Used on an order",
    reversal: "Returned or cancelled order",
    release: "Pending became available",
    expiry: "Expired",
    import: "Transferred",
    merge: "Accounts merged",
    forfeit: "Left the program",
  } as Record<string, string>,
  e: {
    network: "Could not reach the shop. Check your connection and try again.",
    auth: "Please log in again.",
    not_found: "Not found.",
    conflict: "That cannot be done now.",
    invalid: "Please check the value.",
    server: "Something went wrong in the shop. Please try again later.",
  } as Record<string, string>,
}
export type Texts = typeof en

const fi: Texts = {
  balance: "Saldosi",
  pending: "tulossa",
  tier: "Taso",
  loading: "Ladataan…",
  guest: "Kirjaudu sisään nähdäksesi saldosi ja käyttääksesi sitä.",
  join: "Liity ja saat",
  joinCta: "Liity kerhoon",
  login: "Kirjaudu",
  progress: "Tason edistyminen",
  top: "Olet ylimmällä tasolla.",
  tierGuest: "Liity: aloitat tasolta {tier}, ylin taso on {top}.",
  toNext: "{x} vielä tasoon {tier}",
  orders: "{n} tilausta",
  earn: "Näin ansaitset",
  purchase: "Ostokset: {x} jokaisesta {money}",
  pendingDays: "käytettävissä {n} päivän kuluttua",
  signup: "Luo tili",
  birthday: "Syntymäpäivälahja",
  setBirthday: "Syntymäpäiväsi",
  save: "Tallenna",
  referral: "Suosittele ystävälle",
  review: "Arvostele tuote",
  follow: "Seuraa meitä: {p}",
  followBtn: "Seuraa: {p}",
  newsletter: "Tilaa uutiskirje",
  subscribe: "Tilaa",
  claim: "Lunasta",
  claimed: "Lunastettu",
  claimPending: "Odottaa hyväksyntää",
  claimApproved: "Ansaittu",
  claimRejected: "Ei hyväksytty",
  yourLink: "Suosituslinkkisi",
  copy: "Kopioi linkki",
  copied: "Linkki kopioitu",
  share: "Jaa",
  refStats: "{n} ystävää liittynyt, ansaittu {x}",
  refApplied: "Ystäväsi koodi {code} on käytössä.",
  refNotEligible: "Kiitos! Tällä koodilla ei saa tervetuliaislahjaa tälle tilille.",
  refSaved: "Ystävän koodi {code} tallennettu: se otetaan käyttöön, kun kirjaudut tai liityt.",
  gift: "Tervetuliaislahjasi: {x} alennusta vähintään {min} tilauksesta koodilla {code}",
  giftPoints: "Sait tervetuliaislahjaksi {x}.",
  friendGets: "Ystäväsi saa {x}, sinä saat {y} hänen ensimmäisestä tilauksestaan.",
  redeem: "Käytä saldoasi",
  available: "Sinulla on {x}",
  points: "Käytettävä määrä",
  rules: "Vähintään {min}, {step} kerrallaan.",
  worth: "{x} = {money}",
  quote: "{x} = −{money}, uusi summa {total}",
  apply: "Käytä",
  remove: "Poista",
  applied: "{x} käytetty: −{money}",
  total: "Ostoskorin summa",
  newTotal: "Uusi summa",
  noCart: "Lisää tuotteita ostoskoriin käyttääksesi saldoasi.",
  code: "Alennuskoodisi: {code}",
  useCode: "Käytä ostoskorissa",
  credited: "{money} lisätty ostohyvitykseesi: se käytetään kassalla.",
  productPoints: "Ansaitse {x}",
  history: "Tapahtumat",
  empty: "Ei vielä mitään.",
  prev: "Edellinen",
  next: "Seuraava",
  pageOf: "Sivu {n}/{m}",
  open: "Edut",
  close: "Sulje",
  panel: "Etusi",
  r: {
    order: "Ostos",
    review: "Arvostelu",
    social: "Seuraaminen somessa",
    signup: "Tervetuliaisbonus",
    birthday: "Syntymäpäivälahja",
    referral: "Suosittelu",
    custom: "Bonus",
    adjustment: "Kaupan korjaus",
    redemption: "Käytetty ostokseen",
    reversal: "Palautettu tai peruttu tilaus",
    release: "Tulossa olevat vapautuivat",
    expiry: "Vanhentunut",
    import: "Siirretty",
    merge: "Tilit yhdistetty",
    forfeit: "Erosi ohjelmasta",
  },
  e: {
    network: "Kauppaan ei saatu yhteyttä. Tarkista yhteys ja yritä uudelleen.",
    auth: "Kirjaudu uudelleen sisään.",
    not_found: "Ei löytynyt.",
    conflict: "Tätä ei voi tehdä nyt.",
    invalid: "Tarkista arvo.",
    server: "Kaupassa tapahtui virhe. Yritä myöhemmin uudelleen.",
  },
}

export const TEXTS: Record<Lang, Texts> = { en, fi }

/** Fills `{name}` placeholders. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ""))
}

/** Formatting in one language, with the program's unit names. */
export class Fmt {
  readonly t: Texts
  private locale: string
  constructor(readonly lang: Lang, private program?: Program | null) {
    this.t = TEXTS[lang]
    this.locale = lang === "fi" ? "fi-FI" : "en-US"
  }
  num(n: number): string {
    return new Intl.NumberFormat(this.locale).format(n)
  }
  money(amount: number, currency: string, whole = false): string {
    return new Intl.NumberFormat(this.locale, {
      style: "currency",
      currency: currency.toUpperCase(),
      ...(whole ? { minimumFractionDigits: 0 } : {}),
    }).format(amount)
  }
  /** The unit's name for `n` ("cone"/"cones", "käpy"/"käpyä"), from the program. */
  unitName(n: number): string {
    const names = this.program?.unit?.[this.lang] ?? this.program?.unit?.en ?? (this.lang === "fi" ? { one: "käpy", other: "käpyä" } : { one: "cone", other: "cones" })
    return new Intl.PluralRules(this.locale).select(n) === "one" ? names.one : names.other
  }
  /** "1 käpy", "1 500 cones" */
  pts(n: number): string {
    return `${this.num(n)} ${this.unitName(n)}`
  }
  date(iso: string): string {
    return new Intl.DateTimeFormat(this.locale, { dateStyle: "medium" }).format(new Date(iso))
  }
  /** An error in words: the API's message in English, a sentence by kind in Finnish (with the API's own after it). */
  error(error: unknown): string {
    const e = error as KapyError
    const general = this.t.e[e?.kind ?? "server"] ?? this.t.e.server
    if (!e?.status) return general
    return this.lang === "en" && e.message ? e.message : `${general} (${e.message})`
  }
  f(key: keyof Texts, values: Record<string, string | number> = {}): string {
    return fill(this.t[key] as string, values)
  }
}

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "./sdk"
import type { SeriesPoint, SummaryRow, TierCount } from "../../types/reports"

/**
 * One react-query hook per Kapy admin resource, as Medusa's dashboard keeps
 * its `hooks/api`: lists take `limit`/`offset` and paginate on the server;
 * mutations invalidate what they change.
 */

type Query = Record<string, string | number | boolean | undefined>

const clean = (query: Query) =>
  Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== ""))

const get = <T>(path: string, query: Query = {}) => sdk.client.fetch<T>(path, { query: clean(query) })
const post = <T>(path: string, body?: unknown) =>
  sdk.client.fetch<T>(path, { method: "POST", body: body as Record<string, unknown> })
const del = <T>(path: string) => sdk.client.fetch<T>(path, { method: "DELETE" })

export const keys = {
  all: ["kapy"] as const,
  /** Every view of members (by customer, by account, the list): a write to one member refreshes them all. */
  members: ["kapy", "members"] as const,
  member: (path: string) => ["kapy", "members", path] as const,
  referrals: ["kapy", "referrals"] as const,
  program: ["kapy", "program"] as const,
  tiers: ["kapy", "tiers"] as const,
  claims: ["kapy", "claims"] as const,
  reviews: ["kapy", "reviews"] as const,
  campaigns: ["kapy", "campaigns"] as const,
  actions: ["kapy", "actions"] as const,
  reports: ["kapy", "reports"] as const,
  order: (orderId: string) => ["kapy", "order", orderId] as const,
  privacyRequests: ["kapy", "privacy-requests"] as const,
}

// ---------------------------------------------------------------- types

export type LoyaltyEntry = {
  id: string
  reason: string
  points: number
  available_delta: number
  pending_delta: number
  balance_after: number
  pending_after: number
  source_type: string | null
  source_id: string | null
  note: string | null
  currency_code: string | null
  created_at: string
  origin_entry_id: string | null
  actor_type: string
  actor_id: string | null
  sales_channel_id: string | null
  metadata: Record<string, unknown> | null
}

export type Tier = {
  id: string
  rank: number
  name: Record<string, string> | string
  threshold: number
  multiplier: number
  discount_percent: number | null
  perks: Record<string, string> | string | null
  members?: number
}

export type AccountView = {
  id: string | null
  /** The member's Medusa customer (null: none, e.g. a Shopify-only member). */
  customer_id: string | null
  points_balance: number
  points_pending: number
  lifetime_points: number
  lifetime_redeemed: number
  tier: { id: string; name: string; rank: number; multiplier: number } | null
  next_tier: { name: string; remaining: number | string } | null
  tier_progress: { metric: string; window: string; qualifying: number | string }
  referral_code: string | null
  referral_link: string | null
  birthday: string | null
  customer: { id: string; email: string; first_name: string | null; last_name: string | null } | null
  /** An admin's floor under the tier (null: none). */
  tier_override: { tier_id: string; until: string | null; reason: string | null; by: string | null } | null
  /** Who the member is to each provider: a Medusa customer, a Shopify customer. */
  identities: MemberIdentity[]
  status?: "active" | "closed" | "merged" | null
}

export type MemberIdentity = {
  id?: string
  provider: "medusa" | "shopify" | string
  external_id: string
  email: string | null
  email_verified?: boolean
}

/** A row of the members list: the account, its Medusa customer when it has one, its identities. */
export type MemberRow = {
  id: string
  status: string
  points_balance: number
  points_pending: number
  lifetime_points: number
  tier_id: string | null
  referral_code: string
  created_at: string
  customer_id: string | null
  customer: Customer
  identities: Pick<MemberIdentity, "provider" | "external_id" | "email">[]
}

export type Paginated<K extends string, T> = { [key in K]: T[] } & { count: number; limit: number; offset: number }

export type Customer = { id: string; email: string; first_name: string | null; last_name: string | null } | null

export type Claim = {
  id: string
  account_id: string
  customer_id: string | null
  /** The member's Medusa customer (null: none, e.g. a Shopify-only member). */
  customer: { id: string; email: string | null; first_name: string | null; last_name: string | null } | null
  type: "social_follow" | "custom"
  platform: string | null
  action_id: string | null
  handle: string | null
  evidence: string | null
  status: "pending" | "approved" | "rejected"
  points: number | null
  reject_reason: string | null
  created_at: string
}

export type Review = {
  id: string
  product_id: string
  customer_id: string
  rating: number
  title: string | null
  content: string
  display_name: string | null
  status: "pending" | "approved" | "rejected"
  verified_purchase?: boolean
  created_at: string
}

export type Referral = {
  id: string
  code: string
  status: string
  reason: string | null
  overruled_reason: string | null
  referrer_points: number | null
  created_at: string
  referrer: Customer
  friend: Customer
}

export type Overview = {
  from: string
  to: string
  interval: "day" | "week"
  members: number
  issued: number
  redeemed: number
  expired: number
  available: number
  pending: number
  outstanding: number
  liability: { currency_code: string; amount: string }[]
  redemption_rate: number | null
  tiers: TierCount[]
  series: SeriesPoint[]
}

export type { SummaryRow }

export type Campaign = {
  id: string
  name: string
  multiplier: string
  scope: string
  target_ids: string[]
  starts_at: string
  ends_at: string | null
}

export type CustomAction = {
  id: string
  name: Record<string, string>
  points: number
  frequency: string
  limit_count: number | null
  limit_period: string | null
  auto_approve: boolean
  active: boolean
}

export type ProgramSettings = Record<string, any>

// ---------------------------------------------------------------- accounts

/**
 * Where a member's admin routes are: by Medusa customer (the customer page's
 * widget) or by account id (the member page, for members with no Medusa
 * customer too). Both take the same writes and answer the same views.
 */
export const memberPath = {
  customer: (customerId: string) => `/admin/loyalty/accounts/${customerId}`,
  account: (accountId: string) => `/admin/loyalty/members/${accountId}`,
}

type EntriesPage = { entries: LoyaltyEntry[]; count: number; limit: number; offset: number }

/** A customer's account with a page of its entries (the customer widget). */
export function useLoyaltyAccount(customerId: string, page: { limit: number; offset: number }) {
  const path = memberPath.customer(customerId)
  return useQuery({
    queryKey: [...keys.member(path), page],
    queryFn: () => get<{ account: AccountView } & EntriesPage>(path, page),
    placeholderData: keepPreviousData,
  })
}

/** Members, newest first; `q` finds them by any identity's email, a customer's name, or a referral code. */
export function useMembers(query: { limit: number; offset: number; q?: string }) {
  return useQuery({
    queryKey: [...keys.members, "list", query],
    queryFn: () => get<Paginated<"accounts", MemberRow>>("/admin/loyalty/accounts", query),
    placeholderData: keepPreviousData,
  })
}

/** A member by account id, with or without a Medusa customer. */
export function useMember(accountId: string) {
  const path = memberPath.account(accountId)
  return useQuery({
    queryKey: [...keys.member(path), "account"],
    queryFn: () => get<{ account: AccountView }>(path),
  })
}

/** A page of a member's entries, newest first. */
export function useMemberEntries(accountId: string, page: { limit: number; offset: number }) {
  const path = memberPath.account(accountId)
  return useQuery({
    queryKey: [...keys.member(path), "entries", page],
    queryFn: () => get<EntriesPage>(`${path}/entries`, page),
    placeholderData: keepPreviousData,
  })
}

/** Adjusts the member at `path` (a `memberPath`). */
export function useAdjustPoints(path: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { points: unknown; reason: string; idempotency_key: string }) =>
      post<{ entry: LoyaltyEntry; account: AccountView }>(`${path}/adjustments`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.members }),
  })
}

export function useSetTierOverride(path: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { tier_id: string; reason: string; until?: string | null }) => post(`${path}/tier`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.members }),
  })
}

export function useRemoveTierOverride(path: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => del(`${path}/tier`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.members }),
  })
}

/** Erases the member (GDPR): every identity, and what else names them; the ledger stays. */
export function useEraseMember(accountId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () =>
      post<{ erasure: { account_ids: string[]; anonymised_account_ids: string[] } }>(`${memberPath.account(accountId)}/erase`, {}),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.members }),
  })
}

// ---------------------------------------------------------------- referrals

export function useReferrals(query: { limit: number; offset: number; status?: string; q?: string; referrer?: string }, enabled = true) {
  return useQuery({
    queryKey: [...keys.referrals, "list", query],
    queryFn: () => get<Paginated<"referrals", Referral>>("/admin/loyalty/referrals", query),
    placeholderData: keepPreviousData,
    enabled,
  })
}

export function useReferralStats(top = 10) {
  return useQuery({
    queryKey: [...keys.referrals, "stats", top],
    queryFn: () =>
      get<{
        stats: {
          total: number
          by_status: Record<string, number>
          conversion: number
          top_referrers: { account_id: string; referrals: number; completed: number; points_earned: number; conversion: number; customer: Customer }[]
        }
      }>("/admin/loyalty/referrals/stats", { top }),
  })
}

// ---------------------------------------------------------------- program, tiers

export function useProgram() {
  return useQuery({
    queryKey: keys.program,
    queryFn: () => get<{ program: ProgramSettings }>("/admin/loyalty/program"),
  })
}

export function useUpdateProgram() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (patch: ProgramSettings) => post<{ program: ProgramSettings }>("/admin/loyalty/program", patch),
    onSuccess: (data) => client.setQueryData(keys.program, data),
  })
}

export function useTiers() {
  return useQuery({
    queryKey: keys.tiers,
    queryFn: () => get<{ tiers: Tier[]; count: number }>("/admin/loyalty/tiers"),
  })
}

export function useSaveTier() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...body }: { id?: string } & Record<string, unknown>) =>
      post(id ? `/admin/loyalty/tiers/${id}` : "/admin/loyalty/tiers", body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  })
}

export function useDeleteTier() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => del(`/admin/loyalty/tiers/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  })
}

export type EarlyAccess = { id: string; product_id: string; tier_ids: string[]; until: string; created_at: string }

export function useEarlyAccess() {
  return useQuery({
    queryKey: [...keys.tiers, "early-access"],
    queryFn: () => get<{ early_access: EarlyAccess[]; count: number }>("/admin/loyalty/early-access"),
  })
}

export function useSetEarlyAccess() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { product_id: string; tier_ids: string[]; until: string }) => post("/admin/loyalty/early-access", body),
    onSuccess: () => client.invalidateQueries({ queryKey: [...keys.tiers, "early-access"] }),
  })
}

// ---------------------------------------------------------------- moderation

export function useClaims(query: { limit: number; offset: number; status?: string; type?: string; q?: string }) {
  return useQuery({
    queryKey: [...keys.claims, query],
    queryFn: () => get<Paginated<"claims", Claim>>("/admin/loyalty/claims", query),
    placeholderData: keepPreviousData,
  })
}

export function useDecideClaims() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { action: "approve" | "reject"; ids: string[]; reason?: string }) =>
      post<{ results: { id: string; ok: boolean; message?: string }[] }>("/admin/loyalty/claims/bulk", body),
    onSettled: () => client.invalidateQueries({ queryKey: keys.all }),
  })
}

export function useReviews(query: { limit: number; offset: number; status?: string; q?: string }) {
  return useQuery({
    queryKey: [...keys.reviews, query],
    queryFn: () => get<Paginated<"reviews", Review>>("/admin/reviews", query),
    placeholderData: keepPreviousData,
  })
}

/** Reviews have no bulk route: each is decided by its own request, and each result is reported. */
export function useDecideReviews() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: { action: "approve" | "reject"; ids: string[]; reason?: string }) => {
      const results = await Promise.allSettled(
        body.ids.map((id) =>
          post(`/admin/reviews/${id}/${body.action}`, body.action === "reject" ? { reason: body.reason } : undefined)
        )
      )
      return {
        results: results.map((r, i) => ({
          id: body.ids[i],
          ok: r.status === "fulfilled",
          message: r.status === "rejected" ? String((r.reason as Error)?.message) : undefined,
        })),
      }
    },
    onSettled: () => client.invalidateQueries({ queryKey: keys.all }),
  })
}

// ---------------------------------------------------------------- campaigns, actions

export function useCampaigns() {
  return useQuery({
    queryKey: keys.campaigns,
    queryFn: () => get<{ campaigns: Campaign[]; count: number }>("/admin/loyalty/campaigns"),
  })
}

export function useCreateCampaign() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => post("/admin/loyalty/campaigns", body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.campaigns }),
  })
}

export function useActions() {
  return useQuery({
    queryKey: keys.actions,
    queryFn: () => get<{ actions: CustomAction[]; count: number }>("/admin/loyalty/actions"),
  })
}

export function useSaveAction() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...body }: { id?: string } & Record<string, unknown>) =>
      post(id ? `/admin/loyalty/actions/${id}` : "/admin/loyalty/actions", body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.actions }),
  })
}

// ---------------------------------------------------------------- reports

export function useOverview(query: { from: string; to: string; interval: "day" | "week" }) {
  return useQuery({
    queryKey: [...keys.reports, "overview", query],
    queryFn: () => get<{ overview: Overview }>("/admin/loyalty/reports/overview", query),
    placeholderData: keepPreviousData,
  })
}

export function useSummary(query: { from: string; to: string; sales_channel_id?: string }) {
  return useQuery({
    queryKey: [...keys.reports, "summary", query],
    queryFn: () =>
      get<{ summary: SummaryRow[]; totals: { issued: number; redeemed: number; entries: number }; rates: Record<string, string> }>(
        "/admin/loyalty/reports/summary",
        query
      ),
    placeholderData: keepPreviousData,
  })
}

export function useSalesChannels() {
  return useQuery({
    queryKey: ["kapy", "sales-channels"],
    queryFn: () => sdk.admin.salesChannel.list({ limit: 100, fields: "id,name" }),
  })
}

// ---------------------------------------------------------------- orders, imports

export type OrderLoyalty = {
  order_id: string
  refund_policy: "proportional" | "manual"
  refunded: boolean
  entries: LoyaltyEntry[]
  earned: { entry: LoyaltyEntry; points: number; reversed: number; released: LoyaltyEntry | null; pending_until: string | null } | null
  redeemed: { entry: LoyaltyEntry; points: number; returned: number } | null
}

export function useOrderLoyalty(orderId: string) {
  return useQuery({
    queryKey: keys.order(orderId),
    queryFn: () => get<{ loyalty: OrderLoyalty }>(`/admin/loyalty/orders/${orderId}`),
  })
}

export function useReturnOrderPoints(orderId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { points: unknown; note?: string; idempotency_key: string }) =>
      post(`/admin/loyalty/orders/${orderId}/returned-points`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.order(orderId) }),
  })
}

export type ImportResult = {
  rows: number
  awarded: number
  already_awarded: number
  failed: number
  results: (
    | { line: number; status: "awarded" | "already_awarded"; points: number; entry_id: string }
    | { line: number; status: "error"; message: string }
  )[]
}

export function useImportAwards() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (csv: string) =>
      sdk.client.fetch<{ import: ImportResult }>("/admin/loyalty/imports/awards", {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: csv,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  })
}

// ---------------------------------------------------------------- Medusa's own products

export type ProductHit = { id: string; title: string; thumbnail: string | null; status?: string }

/** Medusa's product search (`GET /admin/products?q=`), for pickers: a few matches by title. */
export function useProductSearch(q: string) {
  return useQuery({
    queryKey: ["kapy", "products", "search", q],
    queryFn: () =>
      sdk.admin.product.list({ q: q || undefined, limit: 8, fields: "id,title,thumbnail,status" }) as unknown as Promise<{ products: ProductHit[] }>,
    placeholderData: keepPreviousData,
  })
}

/** Titles of the given products (one request), for tables that hold product ids. */
export function useProductTitles(ids: string[]) {
  return useQuery({
    queryKey: ["kapy", "products", "titles", [...ids].sort().join(",")],
    queryFn: () => sdk.admin.product.list({ id: ids, limit: ids.length, fields: "id,title" }) as unknown as Promise<{ products: ProductHit[] }>,
    enabled: ids.length > 0,
    select: (data) => new Map(data.products.map((p) => [p.id, p.title])),
  })
}

// ---------------------------------------------------------------- privacy requests

/** A `customers/data_request` Shopify forwarded (GET /admin/loyalty/privacy-requests); the export is downloaded apart. */
export type PrivacyRequest = {
  id: string
  shop_domain: string
  data_request_id: string | null
  shopify_customer_id: string | null
  email: string | null
  account_id: string | null
  status: "ready" | "empty" | "erased"
  created_at: string
}

export function usePrivacyRequests(query: { limit: number; offset: number; status?: string }) {
  return useQuery({
    queryKey: [...keys.privacyRequests, "list", query],
    queryFn: () => get<Paginated<"privacy_requests", PrivacyRequest>>("/admin/loyalty/privacy-requests", query),
    placeholderData: keepPreviousData,
  })
}

/** The export of one request, as the JSON the customer is sent. */
export function downloadPrivacyExport(id: string) {
  return get<Record<string, unknown>>(`/admin/loyalty/privacy-requests/${id}/download`)
}

import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import {
  Badge,
  Button,
  Container,
  createDataTableColumnHelper,
  DataTable,
  Heading,
  Input,
  Label,
  Select,
  Text,
  toast,
  useDataTable,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Controller, useForm } from "react-hook-form"
import { DayPicker } from "../components/date-field"
import { EntrySource } from "../components/entry-source"
import { KeyboardScrollable } from "../components/scroll-regions"
import { ErrorState, FieldError, LoadingState, Stat } from "../components/states"
import { usePagination } from "../components/pagination"
import {
  AccountView,
  LoyaltyEntry,
  useAdjustPoints,
  useLoyaltyAccount,
  useProgram,
  useReferrals,
  useRemoveTierOverride,
  useSetTierOverride,
  useTiers,
} from "../lib/api"
import { formatCones, formatDate, formatDateTime, formatNumber, formatSigned, formatTierAmount } from "../lib/format"
import { errorMessage } from "../lib/sdk"
import { strings } from "../lib/strings"

const t = strings.customer

/**
 * Which field a server error is about: its message names the field
 * (`reason …`, `points …`); anything else is shown at the points.
 */
function fieldOfError(message: string): "points" | "reason" {
  return /\breason\b/i.test(message) && !/\bpoints?\b/i.test(message) ? "reason" : "points"
}

const columnHelper = createDataTableColumnHelper<LoyaltyEntry>()

const columns = [
  columnHelper.accessor("created_at", { header: t.columns.date, cell: ({ getValue }) => formatDateTime(getValue()) }),
  columnHelper.accessor("reason", {
    header: t.columns.reason,
    cell: ({ row }) => (
      <div className="flex flex-col">
        <span>{strings.reasons[row.original.reason] ?? row.original.reason}</span>
        {row.original.note && <span className="text-ui-fg-subtle txt-compact-xsmall">{row.original.note}</span>}
      </div>
    ),
  }),
  columnHelper.accessor("points", {
    header: t.columns.points,
    cell: ({ row }) => (
      <span className={row.original.points < 0 ? "text-ui-fg-error" : undefined}>
        {formatSigned(row.original.points)}
        {row.original.pending_delta !== 0 && row.original.available_delta === 0 ? ` (${t.pending.toLowerCase()})` : ""}
      </span>
    ),
  }),
  columnHelper.accessor("balance_after", { header: t.columns.balance, cell: ({ getValue }) => formatNumber(getValue()) }),
  columnHelper.accessor("source_type", {
    header: t.columns.source,
    cell: ({ row }) => {
      const e = row.original
      const by = strings.actors[e.actor_type] ?? e.actor_type
      return (
        <div className="flex max-w-[12rem] flex-col">
          <span className="truncate"><EntrySource entry={e} /></span>
          <span className="text-ui-fg-subtle txt-compact-xsmall truncate">
            {t.columns.by} {by}
          </span>
        </div>
      )
    },
  }),
]

type AdjustValues = { points: string; reason: string }

function AdjustForm({ customerId }: { customerId: string }) {
  const adjust = useAdjustPoints(customerId)
  const form = useForm<AdjustValues>({ defaultValues: { points: "", reason: "" } })
  const { errors } = form.formState

  const submit = form.handleSubmit(async (values) => {
    const raw = values.points.trim()
    // sent as the admin typed it: the server's rule decides (whole, non-zero,
    // within the limit) and its message is shown beside the field
    const points = raw !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw
    try {
      await adjust.mutateAsync({ points, reason: values.reason, idempotency_key: crypto.randomUUID() })
      toast.success(t.adjust.done(Number(points)))
      form.reset()
    } catch (error) {
      const message = errorMessage(error)
      form.setError(fieldOfError(message), { type: "server", message })
    }
  })

  return (
    <form onSubmit={submit} className="flex flex-col gap-y-3 px-6 py-4" aria-labelledby="kapy-adjust-title" noValidate>
      <div>
        <Heading level="h3" id="kapy-adjust-title">{t.adjust.title}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t.adjust.description}</Text>
      </div>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-[10rem_1fr_auto] md:items-start">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="kapy-adjust-points" size="small">{t.adjust.points}</Label>
          <Input
            id="kapy-adjust-points"
            inputMode="numeric"
            aria-invalid={!!errors.points}
            aria-describedby={errors.points ? "kapy-adjust-points-error" : undefined}
            {...form.register("points", { validate: (v) => v.trim() !== "" || t.adjust.pointsWhole })}
          />
          <FieldError id="kapy-adjust-points-error" message={errors.points?.message} />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="kapy-adjust-reason" size="small">{t.adjust.reason}</Label>
          <Input
            id="kapy-adjust-reason"
            aria-invalid={!!errors.reason}
            aria-describedby={errors.reason ? "kapy-adjust-reason-error" : undefined}
            {...form.register("reason", { validate: (v) => v.trim() !== "" || t.adjust.reasonRequired })}
          />
          <FieldError id="kapy-adjust-reason-error" message={errors.reason?.message} />
        </div>
        <div className="flex flex-col gap-y-1">
          <span className="txt-compact-small invisible" aria-hidden>.</span>
          <Button type="submit" size="small" isLoading={adjust.isPending}>{t.adjust.submit}</Button>
        </div>
      </div>
    </form>
  )
}

type OverrideValues = { tier_id: string; reason: string; until: string }

/** A tier's name as the admin reads it (English where it has both). */
const tierName = (name: string | Record<string, string> | undefined) =>
  name === undefined ? undefined : typeof name === "string" ? name : name.en ?? name.fi

function TierOverrideForm({ customerId, current }: { customerId: string; current: AccountView["tier_override"] }) {
  const tiers = useTiers()
  const set = useSetTierOverride(customerId)
  const remove = useRemoveTierOverride(customerId)
  const form = useForm<OverrideValues>({ defaultValues: { tier_id: "", reason: "", until: "" } })
  const { errors } = form.formState

  if (tiers.isError || !tiers.data?.tiers.length) {
    // without the tiers route (or tiers) there is nothing to override to
    return null
  }

  const submit = form.handleSubmit(async (values) => {
    try {
      await set.mutateAsync({ tier_id: values.tier_id, reason: values.reason, until: values.until || null })
      toast.success(t.override.done)
      form.reset()
    } catch (error) {
      const message = errorMessage(error)
      form.setError(/\breason\b/i.test(message) ? "reason" : /\buntil\b/i.test(message) ? "until" : "tier_id", { type: "server", message })
    }
  })

  return (
    <form onSubmit={submit} className="flex flex-col gap-y-3 px-6 py-4" aria-labelledby="kapy-override-title" noValidate>
      <div>
        <Heading level="h3" id="kapy-override-title">{t.override.title}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t.override.description}</Text>
        {current && (
          <Text size="small" className="mt-1" data-testid="kapy-override-current">
            {t.override.current(
              tierName(tiers.data!.tiers.find((tier) => tier.id === current.tier_id)?.name) ?? current.tier_id,
              current.until ? formatDate(current.until) : null,
              current.reason
            )}
          </Text>
        )}
      </div>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2 md:items-start">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="kapy-override-tier" size="small">{t.override.tier}</Label>
          <Controller
            control={form.control}
            name="tier_id"
            rules={{ required: t.override.tierRequired }}
            render={({ field }) => (
              <Select value={field.value} onValueChange={field.onChange}>
                <Select.Trigger id="kapy-override-tier" aria-invalid={!!errors.tier_id}>
                  <Select.Value placeholder={t.override.tier} />
                </Select.Trigger>
                <Select.Content>
                  {tiers.data!.tiers.map((tier) => (
                    <Select.Item key={tier.id} value={tier.id}>
                      {tierName(tier.name)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            )}
          />
          <FieldError id="kapy-override-tier-error" message={errors.tier_id?.message} />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="kapy-override-reason" size="small">{t.override.reason}</Label>
          <Input id="kapy-override-reason" aria-invalid={!!errors.reason} {...form.register("reason", { validate: (v) => v.trim() !== "" || t.override.reasonRequired })} />
          <FieldError id="kapy-override-reason-error" message={errors.reason?.message} />
        </div>
        <Controller
          control={form.control}
          name="until"
          render={({ field }) => (
            <DayPicker id="kapy-override-until" label={t.override.until} value={field.value ?? ""} onChange={field.onChange} error={errors.until?.message} />
          )}
        />
        <div className="flex items-end gap-x-2 md:pt-6">
          <div className="flex gap-x-2">
            <Button type="submit" size="small" variant="secondary" isLoading={set.isPending}>{t.override.submit}</Button>
            {current && (
            <Button
              type="button"
              size="small"
              variant="transparent"
              isLoading={remove.isPending}
              onClick={async () => {
                try {
                  await remove.mutateAsync()
                  toast.success(t.override.removed)
                } catch (error) {
                  toast.error(errorMessage(error))
                }
              }}
            >
              {t.override.remove}
            </Button>
            )}
          </div>
        </div>
      </div>
    </form>
  )
}

function Referrals({ accountId }: { accountId: string }) {
  const all = useReferrals({ limit: 1, offset: 0, referrer: accountId })
  const completed = useReferrals({ limit: 1, offset: 0, referrer: accountId, status: "completed" })
  if (all.isLoading || completed.isLoading) {
    return <>{strings.common.loading}</>
  }
  if (all.isError || completed.isError) {
    return <>–</>
  }
  return <>{t.referralStats(all.data?.count ?? 0, completed.data?.count ?? 0)}</>
}

const CustomerLoyaltyWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { pagination, setPagination, query } = usePagination(10)
  const { data, isLoading, isError, error, refetch } = useLoyaltyAccount(customer.id, query)
  const account = data?.account
  const currency = useProgram().data?.program?.tiers?.currency_code

  const table = useDataTable({
    columns,
    data: data?.entries ?? [],
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  const tierHint = useMemo(() => {
    if (!account) {
      return undefined
    }
    if (account.next_tier) {
      return t.toNextTier(formatTierAmount(account.next_tier.remaining, account.tier_progress.metric, currency), account.next_tier.name)
    }
    return account.tier ? t.topTier : undefined
  }, [account, currency])

  return (
    <Container className="divide-y p-0" data-testid="kapy-customer-loyalty">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t.title}</Heading>
        {account?.tier && <Badge size="2xsmall">{account.tier.name}</Badge>}
      </div>
      {isLoading ? (
        <LoadingState />
      ) : isError ? (
        <ErrorState error={error} onRetry={() => refetch()} />
      ) : (
        account && (
          <>
            <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-4">
              <Stat label={t.balance} value={formatCones(account.points_balance)} testId="kapy-balance" />
              <Stat label={t.pending} value={formatCones(account.points_pending)} testId="kapy-pending" />
              <Stat
                label={t.tier}
                value={account.tier?.name ?? t.noTier}
                hint={tierHint}
              />
              <Stat
                label={t.referralCode}
                value={account.referral_code ?? "–"}
                hint={account.id ? <Referrals accountId={account.id} /> : t.notMember}
              />
            </div>
            {account.next_tier && (
              <TierProgress
                qualifying={formatTierAmount(account.tier_progress.qualifying, account.tier_progress.metric, currency)}
                percent={percentOf(Number(account.tier_progress.qualifying), Number(account.next_tier.remaining))}
                label={tierHint!}
              />
            )}
            <AdjustForm customerId={customer.id} />
            <TierOverrideForm customerId={customer.id} current={account.tier_override ?? null} />
            <div className="flex flex-col">
              <div className="px-6 pt-4">
                <Heading level="h3">{t.entriesTitle}</Heading>
              </div>
              <KeyboardScrollable label={t.entriesTitle}>
              <DataTable instance={table}>
                <DataTable.Table emptyState={{ empty: { heading: t.entriesEmpty } }} />
                <DataTable.Pagination />
              </DataTable>
              </KeyboardScrollable>
            </div>
          </>
        )
      )}
    </Container>
  )
}

function percentOf(qualifying: number, remaining: number) {
  const total = qualifying + remaining
  return total > 0 ? Math.min(100, Math.round((qualifying / total) * 100)) : 0
}

function TierProgress({ qualifying, percent, label }: { qualifying: string; percent: number; label: string }) {
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4">
      <div className="flex justify-between">
        <Text size="small" className="text-ui-fg-subtle">{t.qualifying}: {qualifying}</Text>
        <Text size="small" className="text-ui-fg-subtle">{label}</Text>
      </div>
      <div
        className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={label}
      >
        <div className="bg-ui-fg-interactive h-full" style={{ width: `${percent}%` }} />
      </div>
    </div>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default CustomerLoyaltyWidget

import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, DataTable, Heading, useDataTable } from "@medusajs/ui"
import { useMemo } from "react"
import { AdjustForm, entryColumns, percentOf, TierOverrideForm, TierProgress } from "../components/member-loyalty"
import { KeyboardScrollable } from "../components/scroll-regions"
import { ErrorState, LoadingState, Stat } from "../components/states"
import { usePagination } from "../components/pagination"
import { memberPath, useLoyaltyAccount, useProgram, useReferrals } from "../lib/api"
import { formatCones, formatTierAmount } from "../lib/format"
import { strings } from "../lib/strings"

const t = strings.customer

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
    columns: entryColumns,
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
            <AdjustForm path={memberPath.customer(customer.id)} />
            <TierOverrideForm path={memberPath.customer(customer.id)} current={account.tier_override ?? null} />
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

export const config = defineWidgetConfig({
  zone: "customer.details.after",
})

export default CustomerLoyaltyWidget

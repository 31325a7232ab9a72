import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Container,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  DataTable,
  DataTableFilteringState,
  Heading,
  StatusBadge,
  Table,
  useDataTable,
} from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { KeyboardScrollable } from "../../../components/scroll-regions"
import { usePagination } from "../../../components/pagination"
import { EmptyState, ErrorState, LoadingState, PageHeader, Stat } from "../../../components/states"
import { Customer, Referral, useReferrals, useReferralStats } from "../../../lib/api"
import { customerName, formatDateTime, formatNumber, formatPercent } from "../../../lib/format"
import { strings } from "../../../lib/strings"
import { linkClass } from "../../../lib/link-class"

const t = strings.referrals

const STATUS_COLOR: Record<string, "orange" | "green" | "red" | "grey"> = {
  pending: "orange",
  completed: "green",
  rejected: "red",
  void: "grey",
}

function Member({ customer }: { customer: Customer }) {
  return customer ? (
    <Link className={linkClass} to={`/customers/${customer.id}`}>{customerName(customer)}</Link>
  ) : (
    <>{strings.common.unknownMember}</>
  )
}

const columnHelper = createDataTableColumnHelper<Referral>()
const filterHelper = createDataTableFilterHelper<Referral>()

const columns = [
  columnHelper.accessor("referrer", { header: t.referrer, cell: ({ row }) => <Member customer={row.original.referrer} /> }),
  columnHelper.accessor("friend", { header: t.friend, cell: ({ row }) => <Member customer={row.original.friend} /> }),
  columnHelper.accessor("code", { header: t.code }),
  columnHelper.accessor("status", {
    header: t.status,
    cell: ({ getValue }) => <StatusBadge color={STATUS_COLOR[getValue()] ?? "grey"}>{getValue()}</StatusBadge>,
  }),
  columnHelper.accessor("reason", {
    header: t.reason,
    cell: ({ row }) => row.original.reason ?? (row.original.overruled_reason ? `${row.original.overruled_reason} (overruled)` : "–"),
  }),
  columnHelper.accessor("referrer_points", { header: t.points, cell: ({ getValue }) => formatNumber(getValue()) }),
  columnHelper.accessor("created_at", { header: t.created, cell: ({ getValue }) => formatDateTime(getValue()) }),
]

function TopReferrers() {
  const { data, isLoading, isError, error, refetch } = useReferralStats(10)
  if (isLoading) {
    return <LoadingState />
  }
  if (isError) {
    return <ErrorState error={error} onRetry={() => refetch()} />
  }
  const stats = data!.stats
  return (
    <>
      <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-4">
        <Stat label={t.title} value={formatNumber(stats.total)} />
        <Stat label={t.completed} value={formatNumber(stats.by_status.completed ?? 0)} />
        <Stat label={t.conversion} value={formatPercent(stats.conversion)} />
      </div>
      {stats.top_referrers.length ? (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t.referrer}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t.title}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t.completed}</Table.HeaderCell>
              <Table.HeaderCell className="text-right">{t.points}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {stats.top_referrers.map((r) => (
              <Table.Row key={r.account_id}>
                <Table.Cell><Member customer={r.customer} /></Table.Cell>
                <Table.Cell className="text-right">{formatNumber(r.referrals)}</Table.Cell>
                <Table.Cell className="text-right">{formatNumber(r.completed)}</Table.Cell>
                <Table.Cell className="text-right">{formatNumber(r.points_earned)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      ) : (
        <EmptyState>{t.topEmpty}</EmptyState>
      )}
    </>
  )
}

const LoyaltyReferralsPage = () => {
  const { pagination, setPagination, query } = usePagination(20)
  const [filtering, setFiltering] = useState<DataTableFilteringState>({})
  const [search, setSearch] = useState("")
  const { data, isLoading, isError, error, refetch } = useReferrals({
    ...query,
    status: filtering.status as string | undefined,
    q: search || undefined,
  })
  const table = useDataTable({
    columns,
    data: data?.referrals ?? [],
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
    filtering: { state: filtering, onFilteringChange: setFiltering },
    filters: [
      filterHelper.accessor("status", {
        type: "radio",
        label: t.status,
        options: ["pending", "completed", "rejected", "void"].map((value) => ({ label: t.statuses[value], value })),
      }),
    ],
    search: { state: search, onSearchChange: setSearch },
  })

  return (
    <div className="flex flex-col gap-y-3">
      <PageHeader title={t.title} subtitle={t.subtitle} />
      <Container className="divide-y p-0">
        <div className="px-6 py-4">
          <Heading level="h2">{t.top}</Heading>
        </div>
        <TopReferrers />
      </Container>
      <Container className="p-0">
        {isError ? (
          <ErrorState error={error} onRetry={() => refetch()} />
        ) : (
          <KeyboardScrollable label={t.title}>
              <DataTable instance={table}>
            <DataTable.Toolbar className="flex items-center justify-between gap-x-2 px-6 py-4">
              <DataTable.FilterMenu tooltip={t.status} />
              <DataTable.Search placeholder={t.search} />
            </DataTable.Toolbar>
            <DataTable.Table emptyState={{ empty: { heading: t.empty }, filtered: { heading: t.filteredEmpty } }} />
            <DataTable.Pagination />
          </DataTable>
              </KeyboardScrollable>
        )}
      </Container>
    </div>
  )
}

export const config = defineRouteConfig({ label: strings.nav.referrals, rank: 6 })

export default LoyaltyReferralsPage

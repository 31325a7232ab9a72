import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, createDataTableColumnHelper, DataTable, useDataTable } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { memberName, ProviderBadges } from "../../../components/member-loyalty"
import { usePagination } from "../../../components/pagination"
import { KeyboardScrollable } from "../../../components/scroll-regions"
import { ErrorState, PageHeader } from "../../../components/states"
import { MemberRow, useMembers } from "../../../lib/api"
import { formatCones, formatDate } from "../../../lib/format"
import { linkClass } from "../../../lib/link-class"
import { strings } from "../../../lib/strings"

const t = strings.members

const columnHelper = createDataTableColumnHelper<MemberRow>()

const columns = [
  columnHelper.accessor("id", {
    header: t.member,
    cell: ({ row }) => (
      <Link className={linkClass} to={`/loyalty/members/${row.original.id}`}>
        {memberName(row.original)}
      </Link>
    ),
  }),
  columnHelper.accessor("identities", { header: t.channels, cell: ({ row }) => <ProviderBadges identities={row.original.identities} /> }),
  columnHelper.accessor("points_balance", { header: t.balance, cell: ({ getValue }) => formatCones(getValue()) }),
  columnHelper.accessor("points_pending", { header: t.pending, cell: ({ getValue }) => formatCones(getValue()) }),
  columnHelper.accessor("referral_code", { header: strings.customer.referralCode }),
  columnHelper.accessor("created_at", { header: t.joined, cell: ({ getValue }) => formatDate(getValue()) }),
]

const LoyaltyMembersPage = () => {
  const { pagination, setPagination, query, reset } = usePagination(20)
  const [search, setSearch] = useState("")
  const { data, isLoading, isError, error, refetch } = useMembers({ ...query, q: search || undefined })
  const table = useDataTable({
    columns,
    data: data?.accounts ?? [],
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
    search: {
      state: search,
      onSearchChange: (value) => {
        setSearch(value)
        reset()
      },
    },
  })

  return (
    <div className="flex flex-col gap-y-3" data-testid="kapy-members-page">
      <PageHeader title={t.title} subtitle={t.subtitle} />
      <Container className="p-0">
        {isError ? (
          <ErrorState error={error} onRetry={() => refetch()} />
        ) : (
          <KeyboardScrollable label={t.title}>
            <DataTable instance={table}>
              <DataTable.Toolbar className="flex items-center justify-end gap-x-2 px-6 py-4">
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

export const config = defineRouteConfig({ label: strings.nav.members, rank: 0 })

export default LoyaltyMembersPage

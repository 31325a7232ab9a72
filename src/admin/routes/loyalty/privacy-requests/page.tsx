import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Container,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  DataTable,
  DataTableFilteringState,
  StatusBadge,
  toast,
  useDataTable,
} from "@medusajs/ui"
import { useState } from "react"
import { usePagination } from "../../../components/pagination"
import { KeyboardScrollable } from "../../../components/scroll-regions"
import { ErrorState, PageHeader } from "../../../components/states"
import { downloadPrivacyExport, PrivacyRequest, usePrivacyRequests } from "../../../lib/api"
import { formatDateTime } from "../../../lib/format"
import { linkClass } from "../../../lib/link-class"
import { errorMessage } from "../../../lib/sdk"
import { strings } from "../../../lib/strings"

const t = strings.privacyRequests

const STATUS_COLOR: Record<PrivacyRequest["status"], "green" | "grey" | "orange"> = {
  ready: "green",
  empty: "grey",
  erased: "orange",
}

/** Saves the export as a JSON file, named after the customer, for the admin to send on. */
async function saveExport(request: PrivacyRequest) {
  try {
    const data = await downloadPrivacyExport(request.id)
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }))
    const link = document.createElement("a")
    link.href = url
    link.download = `kapy-shopify-customer-${request.shopify_customer_id}.json`
    link.click()
    URL.revokeObjectURL(url)
    toast.success(t.downloaded)
  } catch (error) {
    toast.error(errorMessage(error))
  }
}

const columnHelper = createDataTableColumnHelper<PrivacyRequest>()
const filterHelper = createDataTableFilterHelper<PrivacyRequest>()

const columns = [
  columnHelper.accessor("created_at", { header: t.received, cell: ({ getValue }) => formatDateTime(getValue()) }),
  columnHelper.accessor("shopify_customer_id", { header: t.customer, cell: ({ getValue }) => getValue() ?? t.noExport }),
  columnHelper.accessor("email", { header: t.email, cell: ({ getValue }) => getValue() ?? t.noExport }),
  columnHelper.accessor("shop_domain", { header: t.shop }),
  columnHelper.accessor("status", {
    header: t.status,
    cell: ({ getValue }) => <StatusBadge color={STATUS_COLOR[getValue()] ?? "grey"}>{t.statuses[getValue()] ?? getValue()}</StatusBadge>,
  }),
  columnHelper.display({
    id: "export",
    header: t.export,
    cell: ({ row }) =>
      row.original.status === "ready" ? (
        <button type="button" className={linkClass} onClick={() => saveExport(row.original)}>
          {t.download}
        </button>
      ) : (
        t.noExport
      ),
  }),
]

const LoyaltyPrivacyRequestsPage = () => {
  const { pagination, setPagination, query } = usePagination(20)
  const [filtering, setFiltering] = useState<DataTableFilteringState>({})
  const { data, isLoading, isError, error, refetch } = usePrivacyRequests({ ...query, status: filtering.status as string | undefined })
  const table = useDataTable({
    columns,
    data: data?.privacy_requests ?? [],
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
    filtering: { state: filtering, onFilteringChange: setFiltering },
    filters: [
      filterHelper.accessor("status", {
        type: "radio",
        label: t.status,
        options: ["ready", "empty", "erased"].map((value) => ({ label: t.statuses[value], value })),
      }),
    ],
  })

  return (
    <div className="flex flex-col gap-y-3">
      <PageHeader title={t.title} subtitle={t.subtitle} />
      <Container className="p-0">
        {isError ? (
          <ErrorState error={error} onRetry={() => refetch()} />
        ) : (
          <KeyboardScrollable label={t.title}>
            <DataTable instance={table}>
              <DataTable.Toolbar className="flex items-center justify-between gap-x-2 px-6 py-4">
                <DataTable.FilterMenu tooltip={t.status} />
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

export const config = defineRouteConfig({ label: strings.nav.privacyRequests, rank: 9 })

export default LoyaltyPrivacyRequestsPage

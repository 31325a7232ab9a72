import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Container,
  createDataTableColumnHelper,
  createDataTableCommandHelper,
  createDataTableFilterHelper,
  DataTable,
  DataTableFilteringState,
  DataTableRowSelectionState,
  StatusBadge,
  Tabs,
  toast,
  useDataTable,
} from "@medusajs/ui"
import { ReactNode, useMemo, useState } from "react"
import { Link } from "react-router-dom"
import { KeyboardScrollable } from "../../../components/scroll-regions"
import { usePagination } from "../../../components/pagination"
import { RejectPrompt } from "../../../components/reject-prompt"
import { ErrorState, PageHeader } from "../../../components/states"
import { Claim, Review, useClaims, useDecideClaims, useDecideReviews, useReviews } from "../../../lib/api"
import { formatDateTime, formatNumber, platformName } from "../../../lib/format"
import { strings } from "../../../lib/strings"
import { linkClass } from "../../../lib/link-class"

const t = strings.moderation

const STATUS_COLOR = { pending: "orange", approved: "green", rejected: "red" } as const
const statusLabel = (s: string) => (t as any)[s] ?? s

function Status({ status }: { status: keyof typeof STATUS_COLOR }) {
  return <StatusBadge color={STATUS_COLOR[status] ?? "grey"}>{statusLabel(status)}</StatusBadge>
}

const statusOptions = [
  { label: t.pending, value: "pending" },
  { label: t.approved, value: "approved" },
  { label: t.rejected, value: "rejected" },
]

type Decide = (body: { action: "approve" | "reject"; ids: string[]; reason?: string }) => Promise<{ results: { id: string; ok: boolean; message?: string }[] }>

/**
 * Selection, bulk approve and bulk reject (with a reason) for a queue; the
 * results are told in a toast (each item is decided once: another admin may
 * have decided one meanwhile).
 */
function useDecisions(decide: Decide) {
  const [selection, setSelection] = useState<DataTableRowSelectionState>({})
  const [rejecting, setRejecting] = useState<string[] | null>(null)
  const [busy, setBusy] = useState(false)

  const run = async (action: "approve" | "reject", ids: string[], reason?: string) => {
    setBusy(true)
    try {
      const { results } = await decide({ action, ids, reason })
      const failed = results.filter((r) => !r.ok)
      const text = t.decided(results.length - failed.length, failed.length)
      failed.length ? toast.error(text, { description: failed.map((f) => f.message).join("; ") }) : toast.success(text)
      setSelection({})
      setRejecting(null)
    } catch (error) {
      toast.error((error as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const commandHelper = createDataTableCommandHelper()
  const commands = [
    commandHelper.command({ label: t.approveSelected, shortcut: "a", action: async (sel) => run("approve", Object.keys(sel)) }),
    commandHelper.command({ label: t.rejectSelected, shortcut: "r", action: async (sel) => setRejecting(Object.keys(sel)) }),
  ]

  const prompt = (
    <RejectPrompt
      count={rejecting?.length ?? 0}
      open={!!rejecting}
      onOpenChange={(open) => !open && setRejecting(null)}
      busy={busy}
      onConfirm={(reason) => rejecting && run("reject", rejecting, reason)}
    />
  )
  return { selection, setSelection, commands, prompt, run, setRejecting }
}

const claimColumns = createDataTableColumnHelper<Claim>()
const claimFilters = createDataTableFilterHelper<Claim>()

function ClaimsQueue() {
  const { pagination, setPagination, query } = usePagination(20)
  const [filtering, setFiltering] = useState<DataTableFilteringState>({ status: "pending" })
  const [search, setSearch] = useState("")
  const decide = useDecideClaims()
  const { selection, setSelection, commands, prompt, run, setRejecting } = useDecisions(decide.mutateAsync)
  const { data, isLoading, isError, error, refetch } = useClaims({
    ...query,
    status: filtering.status as string | undefined,
    type: filtering.type as string | undefined,
    q: search || undefined,
  })

  const columns = useMemo(
    () => [
      claimColumns.select(),
      claimColumns.accessor("type", {
        header: t.type,
        cell: ({ row }) => (row.original.type === "social_follow" ? `${t.socialFollow}: ${platformName(row.original.platform)}` : t.custom),
      }),
      claimColumns.accessor("handle", {
        header: t.detail,
        cell: ({ row }) => row.original.handle ?? row.original.evidence ?? "–",
      }),
      claimColumns.accessor("customer_id", {
        header: t.member,
        cell: ({ row }) =>
          row.original.customer_id ? (
            <Link className={linkClass} to={`/customers/${row.original.customer_id}`}>
              {row.original.customer?.email ?? row.original.customer_id}
            </Link>
          ) : (
            "–"
          ),
      }),
      claimColumns.accessor("points", { header: t.points, cell: ({ getValue }) => formatNumber(getValue()) }),
      claimColumns.accessor("status", {
        header: t.status,
        cell: ({ row }) => (
          <div className="flex flex-col">
            <Status status={row.original.status} />
            {row.original.reject_reason && <span className="txt-compact-xsmall text-ui-fg-subtle">{row.original.reject_reason}</span>}
          </div>
        ),
      }),
      claimColumns.accessor("created_at", { header: t.created, cell: ({ getValue }) => formatDateTime(getValue()) }),
      claimColumns.action({
        actions: ({ row }) =>
          row.original.status === "pending"
            ? [
                { label: t.approve, onClick: () => run("approve", [row.original.id]) },
                { label: t.reject, onClick: () => setRejecting([row.original.id]) },
              ]
            : [],
      }),
    ],
    []
  )

  const table = useDataTable({
    columns,
    data: data?.claims ?? [],
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
    filtering: { state: filtering, onFilteringChange: setFiltering },
    filters: [
      claimFilters.accessor("status", { type: "radio", label: t.status, options: statusOptions }),
      claimFilters.accessor("type", {
        type: "radio",
        label: t.type,
        options: [
          { label: t.socialFollow, value: "social_follow" },
          { label: t.custom, value: "custom" },
        ],
      }),
    ],
    search: { state: search, onSearchChange: setSearch },
    rowSelection: {
      state: selection,
      onRowSelectionChange: setSelection,
      enableRowSelection: (row) => row.original.status === "pending",
    },
    commands,
  })

  if (isError) {
    return <ErrorState error={error} onRetry={() => refetch()} />
  }
  return <QueueTable table={table} searchPlaceholder={t.searchClaims} prompt={prompt} />
}

/** A moderation queue: status filter, search, pages and the bulk commands for the selected rows. */
function QueueTable({
  table,
  searchPlaceholder,
  prompt,
}: {
  table: ReturnType<typeof useDataTable<any>>
  searchPlaceholder: string
  prompt: ReactNode
}) {
  return (
    <>
      <KeyboardScrollable label={t.title}>
        <DataTable instance={table}>
          <DataTable.Toolbar className="flex items-center justify-between gap-x-2 px-6 py-4">
            <DataTable.FilterMenu tooltip={t.status} />
            <DataTable.Search placeholder={searchPlaceholder} />
          </DataTable.Toolbar>
          <DataTable.Table emptyState={{ empty: { heading: t.empty }, filtered: { heading: t.empty } }} />
          <DataTable.Pagination />
          <DataTable.CommandBar selectedLabel={(n) => `${n}`} />
        </DataTable>
      </KeyboardScrollable>
      {prompt}
    </>
  )
}

const reviewColumns = createDataTableColumnHelper<Review>()
const reviewFilters = createDataTableFilterHelper<Review>()

function ReviewsQueue() {
  const { pagination, setPagination, query } = usePagination(20)
  const [filtering, setFiltering] = useState<DataTableFilteringState>({ status: "pending" })
  const [search, setSearch] = useState("")
  const decide = useDecideReviews()
  const { selection, setSelection, commands, prompt, run, setRejecting } = useDecisions(decide.mutateAsync)
  const { data, isLoading, isError, error, refetch } = useReviews({
    ...query,
    status: filtering.status as string | undefined,
    q: search || undefined,
  })

  const columns = useMemo(
    () => [
      reviewColumns.select(),
      reviewColumns.accessor("rating", { header: t.rating, cell: ({ getValue }) => "★".repeat(getValue()) }),
      reviewColumns.accessor("title", {
        header: t.review,
        cell: ({ row }) => (
          <div className="flex max-w-md flex-col">
            <span className="font-medium">{row.original.title}</span>
            <span className="txt-compact-xsmall text-ui-fg-subtle truncate">{row.original.content}</span>
          </div>
        ),
      }),
      reviewColumns.accessor("product_id", {
        header: t.product,
        cell: ({ getValue }) => (
          <Link className={linkClass} to={`/products/${getValue()}`}>{getValue()}</Link>
        ),
      }),
      reviewColumns.accessor("customer_id", {
        header: t.member,
        cell: ({ row }) => (
          <Link className={linkClass} to={`/customers/${row.original.customer_id}`}>
            {row.original.display_name ?? row.original.customer_id}
          </Link>
        ),
      }),
      reviewColumns.accessor("status", { header: t.status, cell: ({ row }) => <Status status={row.original.status} /> }),
      reviewColumns.accessor("created_at", { header: t.created, cell: ({ getValue }) => formatDateTime(getValue()) }),
      reviewColumns.action({
        actions: ({ row }) => [
          ...(row.original.status !== "approved" ? [{ label: t.approve, onClick: () => run("approve", [row.original.id]) }] : []),
          ...(row.original.status !== "rejected" ? [{ label: t.reject, onClick: () => setRejecting([row.original.id]) }] : []),
        ],
      }),
    ],
    []
  )

  const table = useDataTable({
    columns,
    data: data?.reviews ?? [],
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
    filtering: { state: filtering, onFilteringChange: setFiltering },
    filters: [reviewFilters.accessor("status", { type: "radio", label: t.status, options: statusOptions })],
    search: { state: search, onSearchChange: setSearch },
    rowSelection: { state: selection, onRowSelectionChange: setSelection },
    commands,
  })

  if (isError) {
    return <ErrorState error={error} onRetry={() => refetch()} />
  }
  return <QueueTable table={table} searchPlaceholder={t.searchReviews} prompt={prompt} />
}

const LoyaltyModerationPage = () => (
  <div className="flex flex-col gap-y-3">
    <PageHeader title={t.title} subtitle={t.subtitle} />
    <Container className="p-0">
      <Tabs defaultValue="claims">
        <div className="px-6 pt-4">
          <Tabs.List>
            <Tabs.Trigger value="claims">{t.claims}</Tabs.Trigger>
            <Tabs.Trigger value="reviews">{t.reviews}</Tabs.Trigger>
          </Tabs.List>
        </div>
        <Tabs.Content value="claims">
          <ClaimsQueue />
        </Tabs.Content>
        <Tabs.Content value="reviews">
          <ReviewsQueue />
        </Tabs.Content>
      </Tabs>
    </Container>
  </div>
)

export const config = defineRouteConfig({ label: strings.nav.moderation, rank: 1 })

export default LoyaltyModerationPage

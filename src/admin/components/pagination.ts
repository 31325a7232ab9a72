import { useState } from "react"
import type { DataTablePaginationState } from "@medusajs/ui"

/** Server pagination state for a DataTable, and the limit/offset the API takes. */
export function usePagination(pageSize = 20) {
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize })
  return {
    pagination,
    setPagination,
    query: { limit: pagination.pageSize, offset: pagination.pageIndex * pagination.pageSize },
    reset: () => setPagination((p) => ({ ...p, pageIndex: 0 })),
  }
}

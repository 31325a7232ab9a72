import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container, StatusBadge, Table, toast } from "@medusajs/ui"
import { useState } from "react"
import { FileUpload } from "../../../components/file-upload"
import { EmptyState, PageHeader, Stat } from "../../../components/states"
import { ImportResult, useImportAwards } from "../../../lib/api"
import { formatCones, formatNumber } from "../../../lib/format"
import { errorMessage } from "../../../lib/sdk"
import { strings } from "../../../lib/strings"

const t = strings.imports

/** Results shown per page: a file may hold thousands of rows, the page renders one slice of them. */
const PAGE = 50

const LoyaltyImportsPage = () => {
  const upload = useImportAwards()
  const [file, setFile] = useState<File | null>(null)
  const [error, setError] = useState<string | undefined>()
  const [result, setResult] = useState<ImportResult | null>(null)
  const [page, setPage] = useState(0)

  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    if (!file) {
      setError(t.chooseFile)
      return
    }
    try {
      const { import: imported } = await upload.mutateAsync(await file.text())
      setResult(imported)
      setPage(0)
      setError(undefined)
      toast.success(t.done(imported.awarded, imported.failed))
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  const rows = result?.results.slice(page * PAGE, (page + 1) * PAGE) ?? []
  const pages = result ? Math.ceil(result.results.length / PAGE) : 0

  return (
    <div className="flex flex-col gap-y-3">
      <PageHeader title={t.title} subtitle={t.subtitle} />
      <Container className="p-0">
        <form onSubmit={submit} className="flex flex-col gap-y-3 px-6 py-4" noValidate>
          <FileUpload
            label={t.file}
            prompt={t.drop}
            accept=".csv,text/csv"
            hint={t.fileHint}
            file={file}
            error={error}
            clearLabel={t.clear}
            describe={t.chosen}
            onChange={(chosen) => {
              setFile(chosen)
              setError(undefined)
            }}
          />
          <div>
            <Button type="submit" size="small" isLoading={upload.isPending}>{t.upload}</Button>
          </div>
        </form>
      </Container>
      <Container className="divide-y p-0">
        {!result ? (
          <EmptyState>{t.empty}</EmptyState>
        ) : (
          <>
            <div className="grid grid-cols-4 gap-4 px-6 py-4">
              <Stat label={strings.reports.entries} value={formatNumber(result.rows)} />
              <Stat label={t.ok} value={formatNumber(result.awarded)} />
              <Stat label={t.replayed} value={formatNumber(result.already_awarded)} />
              <Stat label={strings.common.errorTitle} value={formatNumber(result.failed)} />
            </div>
            <Table data-testid="kapy-import-results">
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>{t.line}</Table.HeaderCell>
                  <Table.HeaderCell>{t.result}</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">{t.points}</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {rows.map((r) => (
                  <Table.Row key={r.line}>
                    <Table.Cell>{r.line}</Table.Cell>
                    <Table.Cell>
                      {r.status === "error" ? (
                        <span className="flex flex-col">
                          <StatusBadge color="red">{strings.common.errorTitle}</StatusBadge>
                          <span className="txt-compact-xsmall text-ui-fg-subtle">{r.message}</span>
                        </span>
                      ) : (
                        <StatusBadge color={r.status === "awarded" ? "green" : "grey"}>
                          {r.status === "awarded" ? t.ok : t.replayed}
                        </StatusBadge>
                      )}
                    </Table.Cell>
                    <Table.Cell className="text-right">{r.status === "error" ? "–" : formatCones(r.points)}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
            {pages > 1 && (
              <div className="flex items-center justify-end gap-x-2 px-6 py-3">
                <span className="txt-compact-small text-ui-fg-subtle">{strings.common.page(page + 1, pages)}</span>
                <Button size="small" variant="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
                  {strings.common.previous}
                </Button>
                <Button size="small" variant="secondary" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
                  {strings.common.next}
                </Button>
              </div>
            )}
          </>
        )}
      </Container>
    </div>
  )
}

export const config = defineRouteConfig({ label: strings.nav.imports, rank: 8 })

export default LoyaltyImportsPage

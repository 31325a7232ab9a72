import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowDownTray } from "@medusajs/icons"
import { Button, Container, Label, Select, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { DayRangeFields, useDayRange } from "../../../components/date-range"
import { EmptyState, ErrorState, LoadingState, PageHeader } from "../../../components/states"
import { useSalesChannels, useSummary } from "../../../lib/api"
import { formatMoney, formatNumber } from "../../../lib/format"
import { backendUrl } from "../../../lib/sdk"
import { strings } from "../../../lib/strings"

const t = strings.reports
const ALL = "all"

const LoyaltyReportsPage = () => {
  const { range, setRange, valid } = useDayRange(90)
  const [channel, setChannel] = useState<string>(ALL)
  const channels = useSalesChannels()
  const query = { ...range, sales_channel_id: channel === ALL ? undefined : channel }
  const { data, isLoading, isError, error, refetch } = useSummary(query)
  const csv = (rows?: "entries") => backendUrl("/admin/loyalty/reports/summary", { ...query, format: "csv", rows })

  return (
    <div className="flex flex-col gap-y-3">
      <PageHeader
        title={t.title}
        subtitle={t.subtitle}
        actions={
          <div className="flex items-end gap-x-2">
            <DayRangeFields range={range} onChange={setRange} />
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="kapy-report-channel" size="small">{t.salesChannel}</Label>
              <Select size="small" value={channel} onValueChange={setChannel}>
                <Select.Trigger id="kapy-report-channel" className="w-48">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value={ALL}>{t.allChannels}</Select.Item>
                  {channels.data?.sales_channels.map((c) => (
                    <Select.Item key={c.id} value={c.id}>{c.name}</Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </div>
          </div>
        }
      />
      {!valid && <Text size="small" className="text-ui-fg-error px-1">{strings.common.rangeInvalid}</Text>}
      <Container className="divide-y p-0">
        <div className="flex items-center justify-end gap-x-2 px-6 py-3">
          <Button size="small" variant="secondary" asChild>
            <a href={csv()} download data-testid="kapy-report-csv">
              <ArrowDownTray /> {t.downloadCsv}
            </a>
          </Button>
          <Button size="small" variant="transparent" asChild>
            <a href={csv("entries")} download>
              <ArrowDownTray /> {t.downloadEntries}
            </a>
          </Button>
        </div>
        {isLoading ? (
          <LoadingState rows={6} />
        ) : isError ? (
          <ErrorState error={error} onRetry={() => refetch()} />
        ) : !data?.summary.length ? (
          <EmptyState>{t.empty}</EmptyState>
        ) : (
          <Table data-testid="kapy-report-table">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{t.month}</Table.HeaderCell>
                <Table.HeaderCell>{t.salesChannel}</Table.HeaderCell>
                <Table.HeaderCell>{t.currency}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t.issued}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t.issuedValue}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t.redeemed}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t.redeemedValue}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t.entries}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.summary.map((row) => (
                <Table.Row key={`${row.month}-${row.sales_channel_id}-${row.currency_code}`}>
                  <Table.Cell>{row.month}</Table.Cell>
                  <Table.Cell>{row.sales_channel_name ?? row.sales_channel_id ?? t.noChannel}</Table.Cell>
                  <Table.Cell>{row.currency_code.toUpperCase()}</Table.Cell>
                  <Table.Cell className="text-right">{formatNumber(row.issued)}</Table.Cell>
                  <Table.Cell className="text-right">{formatMoney(row.issued_value, row.currency_code)}</Table.Cell>
                  <Table.Cell className="text-right">{formatNumber(row.redeemed)}</Table.Cell>
                  <Table.Cell className="text-right">{formatMoney(row.redeemed_value, row.currency_code)}</Table.Cell>
                  <Table.Cell className="text-right">{formatNumber(row.entries)}</Table.Cell>
                </Table.Row>
              ))}
              <Table.Row className="font-medium">
                <Table.Cell>{t.total}</Table.Cell>
                <Table.Cell />
                <Table.Cell />
                <Table.Cell className="text-right">{formatNumber(data.totals.issued)}</Table.Cell>
                <Table.Cell />
                <Table.Cell className="text-right">{formatNumber(data.totals.redeemed)}</Table.Cell>
                <Table.Cell />
                <Table.Cell className="text-right">{formatNumber(data.totals.entries)}</Table.Cell>
              </Table.Row>
            </Table.Body>
          </Table>
        )}
      </Container>
    </div>
  )
}

export const config = defineRouteConfig({ label: strings.nav.reports, rank: 7 })

export default LoyaltyReportsPage

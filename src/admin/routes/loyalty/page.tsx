import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Gift } from "@medusajs/icons"
import { Container, Heading, Label, Select, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts"
import { DayRangeFields, useDayRange } from "../../components/date-range"
import { EmptyState, ErrorState, LoadingState, PageHeader, Stat } from "../../components/states"
import { useOverview } from "../../lib/api"
import { formatMoney, formatNumber, formatPercent } from "../../lib/format"
import { strings } from "../../lib/strings"

const t = strings.overview

/** Issued in blue, redeemed in orange: told apart in light and dark themes and by colour-blind readers. */
const COLORS = { issued: "#3b82f6", redeemed: "#f59e0b" }

const LoyaltyOverviewPage = () => {
  const { range, setRange, valid } = useDayRange(30)
  const [interval, setInterval] = useState<"day" | "week">("day")
  const { data, isLoading, isError, error, refetch } = useOverview({ ...range, interval })
  const overview = data?.overview
  const hasActivity = !!overview?.series.some((p) => p.issued !== 0 || p.redeemed !== 0)

  return (
    <div className="flex flex-col gap-y-3">
      <PageHeader
        title={t.title}
        subtitle={t.subtitle}
        actions={
          <div className="flex items-end gap-x-2">
            <DayRangeFields range={range} onChange={setRange} />
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="kapy-interval" size="small">{t.interval}</Label>
              <Select size="small" value={interval} onValueChange={(v) => setInterval(v as "day" | "week")}>
                <Select.Trigger id="kapy-interval" className="w-28">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value="day">{t.day}</Select.Item>
                  <Select.Item value="week">{t.week}</Select.Item>
                </Select.Content>
              </Select>
            </div>
          </div>
        }
      />
      {!valid && <Text size="small" className="text-ui-fg-error px-1">{strings.common.rangeInvalid}</Text>}
      {isLoading ? (
        <Container className="p-0"><LoadingState rows={6} /></Container>
      ) : isError ? (
        <Container className="p-0"><ErrorState error={error} onRetry={() => refetch()} /></Container>
      ) : (
        overview && (
          <>
            <Container className="grid grid-cols-2 gap-6 px-6 py-4 md:grid-cols-4 xl:grid-cols-7" data-testid="kapy-overview-stats">
              <Stat label={t.members} value={formatNumber(overview.members)} hint={t.now} testId="kapy-overview-members" />
              <Stat label={t.issued} value={formatNumber(overview.issued)} hint={t.inRange} testId="kapy-overview-issued" />
              <Stat label={t.redeemed} value={formatNumber(overview.redeemed)} hint={t.inRange} testId="kapy-overview-redeemed" />
              <Stat label={t.expired} value={formatNumber(overview.expired)} hint={t.inRange} />
              <Stat label={t.outstanding} value={formatNumber(overview.outstanding)} hint={t.now} testId="kapy-overview-outstanding" />
              <Stat
                label={t.liability}
                value={overview.liability[0] ? formatMoney(overview.liability[0].amount, overview.liability[0].currency_code) : "–"}
                hint={overview.liability.slice(1).map((l) => formatMoney(l.amount, l.currency_code)).join(" · ") || t.now}
                testId="kapy-overview-liability"
              />
              <Stat label={t.redemptionRate} value={formatPercent(overview.redemption_rate)} hint={t.inRange} />
            </Container>
            <div className="grid grid-cols-1 gap-3 xl:grid-cols-[2fr_1fr]">
              <Container className="p-0">
                <div className="px-6 py-4">
                  <Heading level="h2">{t.chartTitle}</Heading>
                </div>
                <div className="h-72 px-2 pb-4" data-testid="kapy-overview-chart">
                  {hasActivity ? (
                    <ResponsiveContainer width="100%" height="100%">
                      <BarChart data={overview.series} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                        <CartesianGrid strokeDasharray="3 3" vertical={false} />
                        <XAxis dataKey="period" tick={{ fontSize: 11 }} />
                        <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
                        <Tooltip formatter={(value) => formatNumber(Number(value))} />
                        <Legend />
                        <Bar dataKey="issued" name={t.issued} fill={COLORS.issued} isAnimationActive={false} />
                        <Bar dataKey="redeemed" name={t.redeemed} fill={COLORS.redeemed} isAnimationActive={false} />
                      </BarChart>
                    </ResponsiveContainer>
                  ) : (
                    <EmptyState>{t.chartEmpty}</EmptyState>
                  )}
                </div>
              </Container>
              <Container className="p-0">
                <div className="px-6 py-4">
                  <Heading level="h2">{t.tierDistribution}</Heading>
                </div>
                <Table>
                  <Table.Body>
                    {overview.tiers.map((tier) => (
                      <Table.Row key={tier.tier_id ?? "none"}>
                        <Table.Cell>{tier.name ?? t.noTier}</Table.Cell>
                        <Table.Cell className="text-right">{formatNumber(tier.members)}</Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table>
              </Container>
            </div>
          </>
        )
      )}
    </div>
  )
}

export const config = defineRouteConfig({
  label: strings.nav.loyalty,
  icon: Gift,
})

export default LoyaltyOverviewPage

import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Button, Container, Heading, Input, Label, Table, Text, toast } from "@medusajs/ui"
import { useForm } from "react-hook-form"
import { EntrySource } from "../components/entry-source"
import { EmptyState, ErrorState, FieldError, LoadingState, Stat } from "../components/states"
import { useOrderLoyalty, useReturnOrderPoints } from "../lib/api"
import { formatCones, formatDate, formatDateTime, formatSigned } from "../lib/format"
import { errorMessage } from "../lib/sdk"
import { strings } from "../lib/strings"
import { linkClass } from "../lib/link-class"

const t = strings.order

type GiveBackValues = { points: string; note: string }

/** The "give back cones" form of a refunded order under the manual refund policy. */
function GiveBack({ orderId, max }: { orderId: string; max: number }) {
  const giveBack = useReturnOrderPoints(orderId)
  const form = useForm<GiveBackValues>({ defaultValues: { points: String(max), note: "" } })
  const { errors } = form.formState
  const submit = form.handleSubmit(async (v) => {
    const raw = v.points.trim()
    const points = raw !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw
    try {
      await giveBack.mutateAsync({ points, note: v.note || undefined, idempotency_key: crypto.randomUUID() })
      toast.success(t.done(Number(points)))
      form.reset({ points: "", note: "" })
    } catch (error) {
      form.setError(/\bnote\b/i.test(errorMessage(error)) ? "note" : "points", { type: "server", message: errorMessage(error) })
    }
  })
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-y-3 px-6 py-4" aria-labelledby="kapy-give-back-title">
      <div>
        <Heading level="h3" id="kapy-give-back-title">{t.giveBack}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t.giveBackDescription(max)}</Text>
      </div>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-[8rem_1fr_auto] md:items-start">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="kapy-give-back-points" size="small">{t.points}</Label>
          <Input id="kapy-give-back-points" inputMode="numeric" aria-invalid={!!errors.points} {...form.register("points")} />
          <FieldError id="kapy-give-back-points-error" message={errors.points?.message} />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="kapy-give-back-note" size="small">{t.note}</Label>
          <Input id="kapy-give-back-note" aria-invalid={!!errors.note} {...form.register("note")} />
          <FieldError id="kapy-give-back-note-error" message={errors.note?.message} />
        </div>
        <div className="flex flex-col gap-y-1">
          <span className="txt-compact-small invisible" aria-hidden>.</span>
          <Button type="submit" size="small" variant="secondary" isLoading={giveBack.isPending}>{t.submit}</Button>
        </div>
      </div>
    </form>
  )
}

const OrderLoyaltyWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isLoading, isError, error, refetch } = useOrderLoyalty(order.id)
  const loyalty = data?.loyalty

  return (
    <Container className="divide-y p-0" data-testid="kapy-order-loyalty">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t.title}</Heading>
      </div>
      {isLoading ? (
        <LoadingState />
      ) : isError ? (
        <ErrorState error={error} onRetry={() => refetch()} />
      ) : !loyalty || (!loyalty.earned && !loyalty.redeemed && !loyalty.entries.length) ? (
        <EmptyState>{t.empty}</EmptyState>
      ) : (
        <>
          <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-4">
            <Stat
              label={t.earned}
              value={loyalty.earned ? formatCones(loyalty.earned.points) : "–"}
              hint={
                loyalty.earned
                  ? loyalty.earned.released
                    ? `${t.released} ${formatDate(loyalty.earned.released.created_at)}`
                    : loyalty.earned.pending_until
                      ? t.pendingUntil(formatDate(loyalty.earned.pending_until))
                      : formatDate(loyalty.earned.entry.created_at)
                  : undefined
              }
            />
            <Stat label={t.reversed} value={loyalty.earned ? formatCones(loyalty.earned.reversed) : "–"} />
            <Stat label={t.paidWith} value={loyalty.redeemed ? formatCones(loyalty.redeemed.points) : "–"} />
            <Stat label={t.returned} value={loyalty.redeemed ? formatCones(loyalty.redeemed.returned) : "–"} />
          </div>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{strings.customer.columns.date}</Table.HeaderCell>
                <Table.HeaderCell>{strings.customer.columns.reason}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{strings.customer.columns.points}</Table.HeaderCell>
                <Table.HeaderCell>{t.entry}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {loyalty.entries.map((e) => (
                <Table.Row key={e.id} id={`kapy-entry-${e.id}`}>
                  <Table.Cell className="whitespace-nowrap">{formatDateTime(e.created_at)}</Table.Cell>
                  <Table.Cell>
                    {strings.reasons[e.reason] ?? e.reason}
                    {e.note ? <span className="txt-compact-xsmall text-ui-fg-subtle block">{e.note}</span> : null}
                  </Table.Cell>
                  <Table.Cell className="text-right">{formatSigned(e.points)}</Table.Cell>
                  <Table.Cell>
                    <EntrySource entry={e} currentOrderId={order.id} />
                    {e.origin_entry_id && (
                      <a className={`txt-compact-xsmall ml-2 ${linkClass}`} href={`#kapy-entry-${e.origin_entry_id}`}>
                        ← {t.reverses(formatDate(loyalty.entries.find((o) => o.id === e.origin_entry_id)?.created_at))}
                      </a>
                    )}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          {loyalty.refund_policy === "manual" && loyalty.refunded && loyalty.redeemed && loyalty.redeemed.points > loyalty.redeemed.returned && (
            <GiveBack orderId={order.id} max={loyalty.redeemed.points - loyalty.redeemed.returned} />
          )}
        </>
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.after",
})

export default OrderLoyaltyWidget

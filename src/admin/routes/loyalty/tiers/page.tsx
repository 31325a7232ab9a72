import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Checkbox, Container, Heading, Label, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useState } from "react"
import { Controller, useForm } from "react-hook-form"
import { DateField } from "../../../components/date-field"
import { fieldNamedIn, FormDrawer } from "../../../components/form-drawer"
import { ProductPicker } from "../../../components/product-picker"
import { TextField } from "../../../components/form-fields"
import { EmptyState, ErrorState, FieldError, LoadingState, PageHeader } from "../../../components/states"
import { Tier, useDeleteTier, useEarlyAccess, useProductTitles, useProgram, useSaveTier, useSetEarlyAccess, useTiers } from "../../../lib/api"
import { formatDate, formatTierAmount } from "../../../lib/format"
import { errorMessage } from "../../../lib/sdk"
import { strings } from "../../../lib/strings"
import { linkClass } from "../../../lib/link-class"

const t = strings.tiers

type Values = { name_en: string; name_fi: string; threshold: string; multiplier: string; discount_percent: string; perks_en: string }

const text = (v: Record<string, string> | string | null | undefined, lang = "en") =>
  v === null || v === undefined ? "" : typeof v === "string" ? (lang === "en" ? v : "") : v[lang] ?? ""

const FIELDS: Record<string, keyof Values> = {
  name: "name_en",
  threshold: "threshold",
  multiplier: "multiplier",
  discount_percent: "discount_percent",
  perks: "perks_en",
}

/** What a threshold counts: the tier currency, cones or orders. */
function tierUnit(metric: string | undefined, currency: string | undefined): string {
  return metric === "points" ? strings.common.cones : metric === "orders" ? strings.tiers.ordersUnit : (currency ?? "eur").toUpperCase()
}

function TierDrawer({ tier, open, onOpenChange }: { tier: Tier | null; open: boolean; onOpenChange: (open: boolean) => void }) {
  const rules = useProgram().data?.program?.tiers
  const save = useSaveTier()
  const form = useForm<Values>({
    values: {
      name_en: text(tier?.name),
      name_fi: text(tier?.name, "fi"),
      threshold: tier ? String(tier.threshold) : "",
      multiplier: tier ? String(tier.multiplier) : "1",
      discount_percent: tier?.discount_percent === null || tier?.discount_percent === undefined ? "" : String(tier.discount_percent),
      perks_en: text(tier?.perks),
    },
  })
  const submit = form.handleSubmit(async (v) => {
    try {
      await save.mutateAsync({
        id: tier?.id,
        name: v.name_fi ? { en: v.name_en, fi: v.name_fi } : v.name_en,
        threshold: v.threshold,
        multiplier: v.multiplier,
        discount_percent: v.discount_percent === "" ? null : v.discount_percent,
        perks: v.perks_en === "" ? null : v.perks_en,
      })
      toast.success(t.created)
      onOpenChange(false)
    } catch (error) {
      const message = errorMessage(error)
      const field = fieldNamedIn(message, Object.keys(FIELDS))
      field ? form.setError(FIELDS[field], { type: "server", message }) : toast.error(message)
    }
  })
  return (
    <FormDrawer open={open} onOpenChange={onOpenChange} title={tier ? strings.common.edit : t.create} onSubmit={submit} busy={save.isPending}>
      <TextField form={form} name="name_en" label={`${t.name} (en)`} />
      <TextField form={form} name="name_fi" label={`${t.name} (fi)`} />
      <TextField form={form} name="threshold" label={t.thresholdIn(tierUnit(rules?.metric, rules?.currency_code))} />
      <TextField form={form} name="multiplier" label={t.multiplier} />
      <TextField form={form} name="discount_percent" label={t.discount} />
      <TextField form={form} name="perks_en" label={t.perks} />
    </FormDrawer>
  )
}

type EarlyValues = { product_id: string; tier_ids: string[]; until: string }

/** Products in VIP early access (running restrictions, soonest end first), and setting one. */
function EarlyAccess({ tiers }: { tiers: Tier[] }) {
  const e = t.earlyAccess
  const { data, isLoading, isError, error, refetch } = useEarlyAccess()
  const set = useSetEarlyAccess()
  const form = useForm<EarlyValues>({ defaultValues: { product_id: "", tier_ids: [], until: "" } })
  const chosen = form.watch("tier_ids")
  const nameOf = (id: string) => text(tiers.find((tier) => tier.id === id)?.name) || id
  const [picked, setPicked] = useState<{ id: string; title: string } | null>(null)
  const titles = useProductTitles((data?.early_access ?? []).map((row) => row.product_id))
  const submit = form.handleSubmit(async (v) => {
    if (!v.product_id) {
      form.setError("product_id", { type: "client", message: e.productRequired })
      return
    }
    if (!v.tier_ids.length) {
      form.setError("tier_ids", { type: "client", message: e.tiersRequired })
      return
    }
    try {
      await set.mutateAsync(v)
      toast.success(e.saved)
      form.reset()
      setPicked(null)
    } catch (err) {
      const message = errorMessage(err)
      const field = fieldNamedIn(message, ["product_id", "tier_ids", "until"])
      field ? form.setError(field as keyof EarlyValues, { type: "server", message }) : toast.error(message)
    }
  })
  return (
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">{e.title}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{e.description}</Text>
      </div>
      {isLoading ? (
        <LoadingState />
      ) : isError ? (
        <ErrorState error={error} onRetry={() => refetch()} />
      ) : !data?.early_access.length ? (
        <EmptyState>{e.empty}</EmptyState>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{e.product}</Table.HeaderCell>
              <Table.HeaderCell>{e.tiers}</Table.HeaderCell>
              <Table.HeaderCell>{e.until}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {data.early_access.map((row) => (
              <Table.Row key={row.id}>
                <Table.Cell>
                  <Link className={linkClass} to={`/products/${row.product_id}`}>{titles.data?.get(row.product_id) ?? e.product}</Link>
                </Table.Cell>
                <Table.Cell>{row.tier_ids.map(nameOf).join(", ")}</Table.Cell>
                <Table.Cell>{formatDate(row.until)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-4 px-6 py-4 md:grid-cols-[1fr_auto_12rem_auto] md:items-start">
        <Controller
          control={form.control}
          name="product_id"
          render={({ field, fieldState }) => (
            <ProductPicker
              label={e.product}
              placeholder={e.productSearch}
              noneText={e.productNone}
              value={field.value ? { id: field.value, title: picked?.id === field.value ? picked.title : field.value } : null}
              onChange={(product) => {
                setPicked(product)
                field.onChange(product?.id ?? "")
              }}
              error={fieldState.error?.message}
            />
          )}
        />
        <fieldset className="flex flex-col gap-y-1">
          <legend className="txt-compact-small-plus mb-1">{e.tiers}</legend>
          <div className="flex flex-wrap gap-3 pt-1">
            {tiers.map((tier) => (
              <div key={tier.id} className="flex items-center gap-x-1.5">
                <Checkbox
                  id={`kapy-early-${tier.id}`}
                  checked={chosen.includes(tier.id)}
                  onCheckedChange={(checked) =>
                    form.setValue("tier_ids", checked ? [...chosen, tier.id] : chosen.filter((id) => id !== tier.id))
                  }
                />
                <Label htmlFor={`kapy-early-${tier.id}`} size="small">{text(tier.name)}</Label>
              </div>
            ))}
          </div>
          <FieldError id="kapy-early-tiers-error" message={form.formState.errors.tier_ids?.message} />
        </fieldset>
        <DateField form={form} name="until" label={e.until} />
        <div className="md:pt-6">
          <Button type="submit" size="small" variant="secondary" isLoading={set.isPending}>{e.submit}</Button>
        </div>
      </form>
    </Container>
  )
}

/** Tiers: a program has a few, so the route answers them all, lowest first. */
const LoyaltyTiersPage = () => {
  const { data, isLoading, isError, error, refetch } = useTiers()
  const remove = useDeleteTier()
  const prompt = usePrompt()
  const [editing, setEditing] = useState<Tier | null | undefined>(undefined)
  const rules = useProgram().data?.program?.tiers
  const metricUnit = tierUnit(rules?.metric, rules?.currency_code)

  const onDelete = async (tier: Tier) => {
    const confirmed = await prompt({
      title: strings.common.delete,
      description: t.confirmDelete(text(tier.name)),
      confirmText: strings.common.delete,
      cancelText: strings.common.cancel,
    })
    if (!confirmed) {
      return
    }
    try {
      await remove.mutateAsync(tier.id)
      toast.success(t.deleted)
    } catch (err) {
      toast.error(errorMessage(err))
    }
  }

  return (
    <div className="flex flex-col gap-y-3">
      <PageHeader
        title={t.title}
        subtitle={t.subtitle}
        actions={<Button size="small" variant="secondary" onClick={() => setEditing(null)}>{t.create}</Button>}
      />
      <Container className="p-0">
        {isLoading ? (
          <LoadingState />
        ) : isError ? (
          <ErrorState error={error} onRetry={() => refetch()} />
        ) : !data?.tiers.length ? (
          <EmptyState>{t.empty}</EmptyState>
        ) : (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{t.name}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t.thresholdIn(metricUnit)}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t.multiplier}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t.discount}</Table.HeaderCell>
                <Table.HeaderCell>{t.perks}</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.tiers.map((tier) => (
                <Table.Row key={tier.id}>
                  <Table.Cell>{text(tier.name)}{text(tier.name, "fi") ? ` / ${text(tier.name, "fi")}` : ""}</Table.Cell>
                  <Table.Cell className="text-right">{formatTierAmount(tier.threshold, rules?.metric, rules?.currency_code)}</Table.Cell>
                  <Table.Cell className="text-right">×{tier.multiplier}</Table.Cell>
                  <Table.Cell className="text-right">{tier.discount_percent === null ? "–" : `${tier.discount_percent} %`}</Table.Cell>
                  <Table.Cell>{text(tier.perks) || "–"}</Table.Cell>
                  <Table.Cell>
                    <div className="flex justify-end gap-x-2">
                      <Button size="small" variant="transparent" onClick={() => setEditing(tier)}>{strings.common.edit}</Button>
                      <Button size="small" variant="transparent" onClick={() => onDelete(tier)}>{strings.common.delete}</Button>
                    </div>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </Container>
      {!!data?.tiers.length && <EarlyAccess tiers={data.tiers} />}
      <TierDrawer tier={editing ?? null} open={editing !== undefined} onOpenChange={(open) => !open && setEditing(undefined)} />
    </div>
  )
}

export const config = defineRouteConfig({ label: strings.nav.tiers, rank: 4 })

export default LoyaltyTiersPage

import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container, StatusBadge, Table, toast } from "@medusajs/ui"
import { useState } from "react"
import { useForm } from "react-hook-form"
import { DateField } from "../../../components/date-field"
import { fieldNamedIn, FormDrawer } from "../../../components/form-drawer"
import { SelectField, TextField } from "../../../components/form-fields"
import { EmptyState, ErrorState, LoadingState, PageHeader } from "../../../components/states"
import { Campaign, useCampaigns, useCreateCampaign } from "../../../lib/api"
import { formatDate } from "../../../lib/format"
import { errorMessage } from "../../../lib/sdk"
import { strings } from "../../../lib/strings"

const t = strings.campaigns

type Values = { name: string; multiplier: string; scope: string; target_ids: string; starts_at: string; ends_at: string }

function state(c: Campaign, now = new Date()): { label: string; color: "green" | "orange" | "grey" } {
  if (new Date(c.starts_at) > now) {
    return { label: t.scheduled, color: "orange" }
  }
  if (c.ends_at && new Date(c.ends_at) <= now) {
    return { label: t.ended, color: "grey" }
  }
  return { label: t.active, color: "green" }
}

function CreateCampaign() {
  const [open, setOpen] = useState(false)
  const create = useCreateCampaign()
  const form = useForm<Values>({
    defaultValues: { name: "", multiplier: "2", scope: "catalog", target_ids: "", starts_at: "", ends_at: "" },
  })
  const submit = form.handleSubmit(async (v) => {
    try {
      await create.mutateAsync({
        name: v.name,
        multiplier: v.multiplier,
        scope: v.scope,
        target_ids: v.target_ids.split(",").map((s) => s.trim()).filter(Boolean),
        starts_at: v.starts_at || undefined,
        ends_at: v.ends_at || null,
      })
      toast.success(t.created)
      form.reset()
      setOpen(false)
    } catch (error) {
      const message = errorMessage(error)
      const field = fieldNamedIn(message, ["name", "multiplier", "scope", "target_ids", "starts_at", "ends_at"])
      field ? form.setError(field as keyof Values, { type: "server", message }) : toast.error(message)
    }
  })
  return (
    <>
      <Button size="small" variant="secondary" onClick={() => setOpen(true)}>{t.create}</Button>
      <FormDrawer open={open} onOpenChange={setOpen} title={t.create} onSubmit={submit} busy={create.isPending}>
        <TextField form={form} name="name" label={t.name} />
        <TextField form={form} name="multiplier" label={t.multiplier} />
        <SelectField
          form={form}
          name="scope"
          label={t.scope}
          options={Object.entries(t.scopes).map(([value, label]) => ({ value, label }))}
        />
        <TextField form={form} name="target_ids" label={t.targets} />
        <DateField form={form} name="starts_at" label={t.starts} />
        <DateField form={form} name="ends_at" label={t.ends} />
      </FormDrawer>
    </>
  )
}

/** Campaigns: the route answers every campaign (a shop has a handful), newest start first. */
const LoyaltyCampaignsPage = () => {
  const { data, isLoading, isError, error, refetch } = useCampaigns()
  return (
    <div className="flex flex-col gap-y-3">
      <PageHeader title={t.title} subtitle={t.subtitle} actions={<CreateCampaign />} />
      <Container className="p-0">
        {isLoading ? (
          <LoadingState />
        ) : isError ? (
          <ErrorState error={error} onRetry={() => refetch()} />
        ) : !data?.campaigns.length ? (
          <EmptyState>{t.empty}</EmptyState>
        ) : (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{t.name}</Table.HeaderCell>
                <Table.HeaderCell>{t.multiplier}</Table.HeaderCell>
                <Table.HeaderCell>{t.scope}</Table.HeaderCell>
                <Table.HeaderCell>{t.starts}</Table.HeaderCell>
                <Table.HeaderCell>{t.ends}</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.campaigns.map((c) => {
                const s = state(c)
                return (
                  <Table.Row key={c.id}>
                    <Table.Cell>{c.name}</Table.Cell>
                    <Table.Cell>×{c.multiplier}</Table.Cell>
                    <Table.Cell>
                      {t.scopes[c.scope] ?? c.scope}
                      {c.target_ids?.length ? ` (${c.target_ids.length})` : ""}
                    </Table.Cell>
                    <Table.Cell>{formatDate(c.starts_at)}</Table.Cell>
                    <Table.Cell>{formatDate(c.ends_at)}</Table.Cell>
                    <Table.Cell><StatusBadge color={s.color}>{s.label}</StatusBadge></Table.Cell>
                  </Table.Row>
                )
              })}
            </Table.Body>
          </Table>
        )}
      </Container>
    </div>
  )
}

export const config = defineRouteConfig({ label: strings.nav.campaigns, rank: 5 })

export default LoyaltyCampaignsPage

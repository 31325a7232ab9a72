import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container, Heading, Input, StatusBadge, Switch, Table, toast } from "@medusajs/ui"
import { useEffect } from "react"
import { useState } from "react"
import { useForm } from "react-hook-form"
import { fieldNamedIn, FormDrawer } from "../../../components/form-drawer"
import { numberOrRaw, SelectField, serverFieldErrors, SwitchField, TextField } from "../../../components/form-fields"
import { EmptyState, ErrorState, FieldError, LoadingState, PageHeader } from "../../../components/states"
import { CustomAction, useActions, useProgram, useSaveAction, useUpdateProgram } from "../../../lib/api"
import { formatNumber, platformName } from "../../../lib/format"
import { errorMessage } from "../../../lib/sdk"
import { strings } from "../../../lib/strings"

const t = strings.ways

/** The platforms the program knows (its schema's list). */
const PLATFORMS = ["instagram", "facebook", "tiktok", "youtube", "x", "newsletter"] as const

type PlatformValues = { points: Record<string, string>; profiles: Record<string, string>; auto: Record<string, boolean> }

/** Social follows: cones, profile URL and auto-approval per platform, saved into the program settings. */
function Platforms() {
  const { data, isLoading, isError, error, refetch } = useProgram()
  const update = useUpdateProgram()
  const form = useForm<PlatformValues>()
  const { errors } = form.formState

  useEffect(() => {
    const earning = data?.program.earning
    if (!earning) {
      return
    }
    const auto = earning.social_auto_approve
    form.reset({
      points: Object.fromEntries(PLATFORMS.map((p) => [p, String(earning.social_points?.[p] ?? 0)])),
      profiles: Object.fromEntries(PLATFORMS.map((p) => [p, earning.social_profiles?.[p] ?? ""])),
      auto: Object.fromEntries(PLATFORMS.map((p) => [p, typeof auto === "boolean" ? auto : !!auto?.[p]])),
    })
  }, [data?.program])

  const submit = form.handleSubmit(async (v) => {
    try {
      await update.mutateAsync({
        earning: {
          social_points: Object.fromEntries(PLATFORMS.map((p) => [p, numberOrRaw(v.points[p], undefined) ?? 0])),
          social_profiles: Object.fromEntries(PLATFORMS.filter((p) => v.profiles[p]?.trim()).map((p) => [p, v.profiles[p].trim()])),
          social_auto_approve: Object.fromEntries(PLATFORMS.map((p) => [p, !!v.auto[p]])),
        },
      })
      toast.success(t.savedPlatforms)
    } catch (err) {
      const message = errorMessage(err)
      const fields = PLATFORMS.flatMap((p) => [`earning.social_points.${p}`, `earning.social_profiles.${p}`])
      const found = serverFieldErrors(message, fields)
      for (const { field, message: text } of found) {
        const [, kind, platform] = field.split(".")
        form.setError(`${kind === "social_points" ? "points" : "profiles"}.${platform}` as any, { type: "server", message: text })
      }
      if (!found.length) {
        toast.error(message)
      }
    }
  })

  if (isLoading) {
    return <LoadingState />
  }
  if (isError) {
    return <ErrorState error={error} onRetry={() => refetch()} />
  }
  return (
    <form onSubmit={submit} noValidate>
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>{t.platform}</Table.HeaderCell>
            <Table.HeaderCell>{t.points}</Table.HeaderCell>
            <Table.HeaderCell>{t.profile}</Table.HeaderCell>
            <Table.HeaderCell>{t.autoApprove}</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {PLATFORMS.map((p) => (
            <Table.Row key={p}>
              <Table.Cell>{platformName(p)}</Table.Cell>
              <Table.Cell>
                <Input size="small" aria-label={strings.program.fields.platformPoints(platformName(p))} className="w-24" {...form.register(`points.${p}`)} />
                <FieldError id={`kapy-points-${p}-error`} message={errors.points?.[p]?.message} />
              </Table.Cell>
              <Table.Cell>
                <Input size="small" aria-label={strings.program.fields.profile(platformName(p))} placeholder="https://" {...form.register(`profiles.${p}`)} />
                <FieldError id={`kapy-profile-${p}-error`} message={errors.profiles?.[p]?.message} />
              </Table.Cell>
              <Table.Cell>
                <Switch
                  aria-label={`${t.autoApprove}: ${platformName(p)}`}
                  checked={!!form.watch(`auto.${p}`)}
                  onCheckedChange={(checked) => form.setValue(`auto.${p}`, checked)}
                />
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      <div className="flex justify-end px-6 py-4">
        <Button size="small" type="submit" isLoading={update.isPending}>{strings.common.save}</Button>
      </div>
    </form>
  )
}

type ActionValues = { name_en: string; name_fi: string; points: string; frequency: string; auto_approve: boolean; active: boolean }

function CreateAction() {
  const [open, setOpen] = useState(false)
  const save = useSaveAction()
  const form = useForm<ActionValues>({
    defaultValues: { name_en: "", name_fi: "", points: "10", frequency: "once", auto_approve: false, active: true },
  })
  const submit = form.handleSubmit(async (v) => {
    try {
      await save.mutateAsync({
        name: { en: v.name_en, ...(v.name_fi ? { fi: v.name_fi } : {}) },
        points: numberOrRaw(v.points),
        frequency: v.frequency,
        auto_approve: v.auto_approve,
        active: v.active,
      })
      toast.success(t.actionCreated)
      form.reset()
      setOpen(false)
    } catch (error) {
      const message = errorMessage(error)
      const field = fieldNamedIn(message, ["name", "points", "frequency"])
      field
        ? form.setError((field === "name" ? "name_en" : field) as keyof ActionValues, { type: "server", message })
        : toast.error(message)
    }
  })
  return (
    <>
      <Button size="small" variant="secondary" onClick={() => setOpen(true)}>{t.createAction}</Button>
      <FormDrawer open={open} onOpenChange={setOpen} title={t.createAction} onSubmit={submit} busy={save.isPending}>
        <TextField form={form} name="name_en" label={t.actionName} />
        <TextField form={form} name="name_fi" label={t.actionNameFi} />
        <TextField form={form} name="points" label={t.points} />
        <SelectField
          form={form}
          name="frequency"
          label={t.frequency}
          options={[
            { value: "once", label: t.once },
            { value: "repeatable", label: t.repeatable },
          ]}
        />
        <SwitchField form={form} name="auto_approve" label={t.autoApprove} />
        <SwitchField form={form} name="active" label={t.active} />
      </FormDrawer>
    </>
  )
}

function Actions() {
  const { data, isLoading, isError, error, refetch } = useActions()
  const save = useSaveAction()
  if (isLoading) {
    return <LoadingState />
  }
  if (isError) {
    return <ErrorState error={error} onRetry={() => refetch()} />
  }
  if (!data?.actions.length) {
    return <EmptyState>{t.empty}</EmptyState>
  }
  const toggle = async (a: CustomAction) => {
    try {
      await save.mutateAsync({ id: a.id, active: !a.active })
    } catch (error) {
      toast.error(errorMessage(error))
    }
  }
  return (
    <Table>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>{t.actionName}</Table.HeaderCell>
          <Table.HeaderCell>{t.points}</Table.HeaderCell>
          <Table.HeaderCell>{t.frequency}</Table.HeaderCell>
          <Table.HeaderCell>{t.autoApprove}</Table.HeaderCell>
          <Table.HeaderCell />
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {data.actions.map((a) => (
          <Table.Row key={a.id}>
            <Table.Cell>{a.name.en}{a.name.fi ? ` / ${a.name.fi}` : ""}</Table.Cell>
            <Table.Cell>{formatNumber(a.points)}</Table.Cell>
            <Table.Cell>
              {a.frequency === "once" ? t.once : t.repeatable}
              {a.limit_count ? ` (${a.limit_count}/${a.limit_period})` : ""}
            </Table.Cell>
            <Table.Cell>{a.auto_approve ? strings.common.yes : strings.common.no}</Table.Cell>
            <Table.Cell>
              <div className="flex items-center justify-end gap-x-2">
                <StatusBadge color={a.active ? "green" : "grey"}>{a.active ? t.active : t.inactive}</StatusBadge>
                <Button size="small" variant="transparent" onClick={() => toggle(a)}>
                  {a.active ? t.deactivate : t.activate}
                </Button>
              </div>
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  )
}

const LoyaltyWaysToEarnPage = () => (
  <div className="flex flex-col gap-y-3">
    <PageHeader title={t.title} subtitle={t.subtitle} />
    <Container className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">{t.platforms}</Heading>
      </div>
      <Platforms />
    </Container>
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">{t.actions}</Heading>
        <CreateAction />
      </div>
      <Actions />
    </Container>
  </div>
)

export const config = defineRouteConfig({ label: strings.nav.waysToEarn, rank: 3 })

export default LoyaltyWaysToEarnPage

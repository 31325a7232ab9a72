import { Badge, Button, createDataTableColumnHelper, Heading, Input, Label, Select, Text, toast } from "@medusajs/ui"
import { Controller, useForm } from "react-hook-form"
import { AccountView, LoyaltyEntry, MemberRow, useAdjustPoints, useRemoveTierOverride, useSetTierOverride, useTiers } from "../lib/api"
import { customerName, formatDate, formatDateTime, formatNumber, formatSigned } from "../lib/format"
import { errorMessage } from "../lib/sdk"
import { strings } from "../lib/strings"
import { DayPicker } from "./date-field"
import { EntrySource } from "./entry-source"
import { FieldError } from "./states"

/**
 * What the customer page's widget and the member page share about one
 * member: the entries table, the adjust form, the tier override form and the
 * tier progress bar. Each form writes to the member at `path` (a
 * `memberPath`: by Medusa customer, or by account id for a member without
 * one).
 */

const t = strings.customer

/**
 * Which field a server error is about: its message names the field
 * (`reason …`, `points …`); anything else is shown at the points.
 */
function fieldOfError(message: string): "points" | "reason" {
  return /\breason\b/i.test(message) && !/\bpoints?\b/i.test(message) ? "reason" : "points"
}

const columnHelper = createDataTableColumnHelper<LoyaltyEntry>()

/** A member's ledger entries as the admin reads them: reason and note, cones, balance after, source and who. */
export const entryColumns = [
  columnHelper.accessor("created_at", { header: t.columns.date, cell: ({ getValue }) => formatDateTime(getValue()) }),
  columnHelper.accessor("reason", {
    header: t.columns.reason,
    cell: ({ row }) => (
      <div className="flex flex-col">
        <span>{strings.reasons[row.original.reason] ?? row.original.reason}</span>
        {row.original.note && <span className="text-ui-fg-subtle txt-compact-xsmall">{row.original.note}</span>}
      </div>
    ),
  }),
  columnHelper.accessor("points", {
    header: t.columns.points,
    cell: ({ row }) => (
      <span className={row.original.points < 0 ? "text-ui-fg-error" : undefined}>
        {formatSigned(row.original.points)}
        {row.original.pending_delta !== 0 && row.original.available_delta === 0 ? ` (${t.pending.toLowerCase()})` : ""}
      </span>
    ),
  }),
  columnHelper.accessor("balance_after", { header: t.columns.balance, cell: ({ getValue }) => formatNumber(getValue()) }),
  columnHelper.accessor("source_type", {
    header: t.columns.source,
    cell: ({ row }) => {
      const e = row.original
      const by = strings.actors[e.actor_type] ?? e.actor_type
      return (
        <div className="flex max-w-[12rem] flex-col">
          <span className="truncate"><EntrySource entry={e} /></span>
          <span className="text-ui-fg-subtle txt-compact-xsmall truncate">
            {t.columns.by} {by}
          </span>
        </div>
      )
    },
  }),
]

type AdjustValues = { points: string; reason: string }

/** Adjusts the member at `path` (a `memberPath`): the value goes to the server as typed, its message shows at the field. */
export function AdjustForm({ path }: { path: string }) {
  const adjust = useAdjustPoints(path)
  const form = useForm<AdjustValues>({ defaultValues: { points: "", reason: "" } })
  const { errors } = form.formState

  const submit = form.handleSubmit(async (values) => {
    const raw = values.points.trim()
    // sent as the admin typed it: the server's rule decides (whole, non-zero,
    // within the limit) and its message is shown beside the field
    const points = raw !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw
    try {
      await adjust.mutateAsync({ points, reason: values.reason, idempotency_key: crypto.randomUUID() })
      toast.success(t.adjust.done(Number(points)))
      form.reset()
    } catch (error) {
      const message = errorMessage(error)
      form.setError(fieldOfError(message), { type: "server", message })
    }
  })

  return (
    <form onSubmit={submit} className="flex flex-col gap-y-3 px-6 py-4" aria-labelledby="kapy-adjust-title" noValidate>
      <div>
        <Heading level="h3" id="kapy-adjust-title">{t.adjust.title}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t.adjust.description}</Text>
      </div>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-[10rem_1fr_auto] md:items-start">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="kapy-adjust-points" size="small">{t.adjust.points}</Label>
          <Input
            id="kapy-adjust-points"
            inputMode="numeric"
            aria-invalid={!!errors.points}
            aria-describedby={errors.points ? "kapy-adjust-points-error" : undefined}
            {...form.register("points", { validate: (v) => v.trim() !== "" || t.adjust.pointsWhole })}
          />
          <FieldError id="kapy-adjust-points-error" message={errors.points?.message} />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="kapy-adjust-reason" size="small">{t.adjust.reason}</Label>
          <Input
            id="kapy-adjust-reason"
            aria-invalid={!!errors.reason}
            aria-describedby={errors.reason ? "kapy-adjust-reason-error" : undefined}
            {...form.register("reason", { validate: (v) => v.trim() !== "" || t.adjust.reasonRequired })}
          />
          <FieldError id="kapy-adjust-reason-error" message={errors.reason?.message} />
        </div>
        <div className="flex flex-col gap-y-1">
          <span className="txt-compact-small invisible" aria-hidden>.</span>
          <Button type="submit" size="small" isLoading={adjust.isPending}>{t.adjust.submit}</Button>
        </div>
      </div>
    </form>
  )
}

type OverrideValues = { tier_id: string; reason: string; until: string }

/** A tier's name as the admin reads it (English where it has both). */
const tierName = (name: string | Record<string, string> | undefined) =>
  name === undefined ? undefined : typeof name === "string" ? name : name.en ?? name.fi

/** Sets or removes the tier override of the member at `path`; hidden when the program has no tiers. */
export function TierOverrideForm({ path, current }: { path: string; current: AccountView["tier_override"] }) {
  const tiers = useTiers()
  const set = useSetTierOverride(path)
  const remove = useRemoveTierOverride(path)
  const form = useForm<OverrideValues>({ defaultValues: { tier_id: "", reason: "", until: "" } })
  const { errors } = form.formState

  if (tiers.isError || !tiers.data?.tiers.length) {
    // without the tiers route (or tiers) there is nothing to override to
    return null
  }

  const submit = form.handleSubmit(async (values) => {
    try {
      await set.mutateAsync({ tier_id: values.tier_id, reason: values.reason, until: values.until || null })
      toast.success(t.override.done)
      form.reset()
    } catch (error) {
      const message = errorMessage(error)
      form.setError(/\breason\b/i.test(message) ? "reason" : /\buntil\b/i.test(message) ? "until" : "tier_id", { type: "server", message })
    }
  })

  return (
    <form onSubmit={submit} className="flex flex-col gap-y-3 px-6 py-4" aria-labelledby="kapy-override-title" noValidate>
      <div>
        <Heading level="h3" id="kapy-override-title">{t.override.title}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t.override.description}</Text>
        {current && (
          <Text size="small" className="mt-1" data-testid="kapy-override-current">
            {t.override.current(
              tierName(tiers.data!.tiers.find((tier) => tier.id === current.tier_id)?.name) ?? current.tier_id,
              current.until ? formatDate(current.until) : null,
              current.reason
            )}
          </Text>
        )}
      </div>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2 md:items-start">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="kapy-override-tier" size="small">{t.override.tier}</Label>
          <Controller
            control={form.control}
            name="tier_id"
            rules={{ required: t.override.tierRequired }}
            render={({ field }) => (
              <Select value={field.value} onValueChange={field.onChange}>
                <Select.Trigger id="kapy-override-tier" aria-invalid={!!errors.tier_id}>
                  <Select.Value placeholder={t.override.tier} />
                </Select.Trigger>
                <Select.Content>
                  {tiers.data!.tiers.map((tier) => (
                    <Select.Item key={tier.id} value={tier.id}>
                      {tierName(tier.name)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            )}
          />
          <FieldError id="kapy-override-tier-error" message={errors.tier_id?.message} />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor="kapy-override-reason" size="small">{t.override.reason}</Label>
          <Input id="kapy-override-reason" aria-invalid={!!errors.reason} {...form.register("reason", { validate: (v) => v.trim() !== "" || t.override.reasonRequired })} />
          <FieldError id="kapy-override-reason-error" message={errors.reason?.message} />
        </div>
        <Controller
          control={form.control}
          name="until"
          render={({ field }) => (
            <DayPicker id="kapy-override-until" label={t.override.until} value={field.value ?? ""} onChange={field.onChange} error={errors.until?.message} />
          )}
        />
        <div className="flex items-end gap-x-2 md:pt-6">
          <div className="flex gap-x-2">
            <Button type="submit" size="small" variant="secondary" isLoading={set.isPending}>{t.override.submit}</Button>
            {current && (
            <Button
              type="button"
              size="small"
              variant="transparent"
              isLoading={remove.isPending}
              onClick={async () => {
                try {
                  await remove.mutateAsync()
                  toast.success(t.override.removed)
                } catch (error) {
                  toast.error(errorMessage(error))
                }
              }}
            >
              {t.override.remove}
            </Button>
            )}
          </div>
        </div>
      </div>
    </form>
  )
}

export function percentOf(qualifying: number, remaining: number) {
  const total = qualifying + remaining
  return total > 0 ? Math.min(100, Math.round((qualifying / total) * 100)) : 0
}

export function TierProgress({ qualifying, percent, label }: { qualifying: string; percent: number; label: string }) {
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4">
      <div className="flex justify-between">
        <Text size="small" className="text-ui-fg-subtle">{t.qualifying}: {qualifying}</Text>
        <Text size="small" className="text-ui-fg-subtle">{label}</Text>
      </div>
      <div
        className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={label}
      >
        <div className="bg-ui-fg-interactive h-full" style={{ width: `${percent}%` }} />
      </div>
    </div>
  )
}


/** How the admin names a member: the Medusa customer's name or email, else an identity's email (a Shopify-only member). */
export function memberName(member: Pick<MemberRow, "customer" | "identities">): string {
  if (member.customer) {
    return customerName(member.customer)
  }
  return member.identities.find((i) => i.email)?.email ?? strings.members.noEmail
}

/** Which providers know the member (Medusa, Shopify), once each. */
export function ProviderBadges({ identities }: { identities: { provider: string }[] }) {
  const providers = [...new Set(identities.map((i) => i.provider))]
  return (
    <div className="flex gap-x-1">
      {providers.map((p) => (
        <Badge key={p} size="2xsmall" color={p === "shopify" ? "green" : "blue"}>
          {strings.members.providers[p] ?? p}
        </Badge>
      ))}
    </div>
  )
}


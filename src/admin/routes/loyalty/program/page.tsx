import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container, Heading, toast } from "@medusajs/ui"
import { useEffect } from "react"
import { useForm, UseFormReturn } from "react-hook-form"
import {
  formatRates,
  numberOrRaw,
  parseRates,
  SelectField,
  serverFieldErrors,
  SwitchField,
  TextAreaField,
  TextField,
} from "../../../components/form-fields"
import { ErrorState, LoadingState, PageHeader } from "../../../components/states"
import { ProgramSettings, useProgram, useUpdateProgram } from "../../../lib/api"
import { errorMessage } from "../../../lib/sdk"
import { strings } from "../../../lib/strings"

const t = strings.program
const f = t.fields

/** The form's values: the settings document's paths, numbers and rates as typed. */
type Values = {
  unit: { en: { one: string; other: string }; fi: { one: string; other: string } }
  earning: {
    rates: string
    pending_days: string
    signup_points: string
    birthday_points: string
    review_points: string
    review_auto_approve: boolean
  }
  redemption: { rates: string; min_points: string; step_points: string; max_cart_share_percent: string; refund_policy: string; shopify_redemption: string }
  expiry: { mode: string; months: string; warning_days: string }
  referral: { enabled: boolean; referrer_points: string; friend_reward_type: string; friend_reward_value: string; min_order: string }
}

/** Every field, by the settings path the server's errors name. */
const FIELDS = [
  "unit.en.one",
  "unit.en.other",
  "unit.fi.one",
  "unit.fi.other",
  "unit",
  "earning.rates",
  "earning.pending_days",
  "earning.signup_points",
  "earning.birthday_points",
  "earning.review_points",
  "earning.review_auto_approve",
  "redemption.rates",
  "redemption.min_points",
  "redemption.step_points",
  "redemption.max_cart_share_percent",
  "redemption.refund_policy",
  "redemption.shopify_redemption",
  "expiry.mode",
  "expiry.months",
  "expiry.warning_days",
  "referral.enabled",
  "referral.referrer_points",
  "referral.friend_reward",
  "referral.min_order",
]

/** Server paths that are not the form's own names. */
const FORM_NAME: Record<string, string> = {
  unit: "unit.en.one",
  "referral.friend_reward": "referral.friend_reward_value",
}

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v))

function toValues(p: ProgramSettings): Values {
  const reward = p.referral.friend_reward
  return {
    unit: {
      en: { one: str(p.unit.en?.one), other: str(p.unit.en?.other) },
      fi: { one: str(p.unit.fi?.one), other: str(p.unit.fi?.other) },
    },
    earning: {
      rates: formatRates(p.earning.rates),
      pending_days: str(p.earning.pending_days),
      signup_points: str(p.earning.signup_points),
      birthday_points: str(p.earning.birthday_points),
      review_points: str(p.earning.review_points),
      review_auto_approve: !!p.earning.review_auto_approve,
    },
    redemption: {
      rates: formatRates(p.redemption.rates),
      min_points: str(p.redemption.min_points),
      step_points: str(p.redemption.step_points),
      max_cart_share_percent: str(p.redemption.max_cart_share_percent),
      refund_policy: p.redemption.refund_policy,
      shopify_redemption: p.redemption.shopify_redemption ?? "discount_code",
    },
    expiry: { mode: p.expiry.mode, months: str(p.expiry.months), warning_days: str(p.expiry.warning_days) },
    referral: {
      enabled: !!p.referral.enabled,
      referrer_points: str(p.referral.referrer_points),
      friend_reward_type: reward.type,
      friend_reward_value: reward.type === "points" ? str(reward.points) : str(reward.amount),
      min_order: formatRates(p.referral.min_order),
    },
  }
}

/**
 * The settings patch the form stands for. Rates that do not parse as
 * currency=value lines are reported at their field without asking the
 * server; everything else goes as typed, for the server's schema to judge.
 */
function toPatch(v: Values, form: UseFormReturn<Values>): ProgramSettings | null {
  const rates = {
    "earning.rates": parseRates(v.earning.rates),
    "redemption.rates": parseRates(v.redemption.rates),
    "referral.min_order": parseRates(v.referral.min_order),
  }
  let ok = true
  for (const [name, parsed] of Object.entries(rates)) {
    if (!parsed) {
      form.setError(name as any, { type: "client", message: t.ratesInvalid })
      ok = false
    }
  }
  if (!ok) {
    return null
  }
  const unit: Record<string, { one: string; other: string }> = { en: v.unit.en }
  if (v.unit.fi.one || v.unit.fi.other) {
    unit.fi = v.unit.fi
  }
  return {
    unit,
    earning: {
      rates: rates["earning.rates"],
      pending_days: numberOrRaw(v.earning.pending_days),
      signup_points: numberOrRaw(v.earning.signup_points),
      birthday_points: numberOrRaw(v.earning.birthday_points),
      review_points: numberOrRaw(v.earning.review_points),
      review_auto_approve: v.earning.review_auto_approve,
    },
    redemption: {
      rates: rates["redemption.rates"],
      min_points: numberOrRaw(v.redemption.min_points),
      step_points: numberOrRaw(v.redemption.step_points),
      max_cart_share_percent: numberOrRaw(v.redemption.max_cart_share_percent),
      refund_policy: v.redemption.refund_policy,
      shopify_redemption: v.redemption.shopify_redemption,
    },
    expiry: {
      mode: v.expiry.mode,
      months: numberOrRaw(v.expiry.months, null),
      warning_days: numberOrRaw(v.expiry.warning_days),
    },
    referral: {
      enabled: v.referral.enabled,
      referrer_points: numberOrRaw(v.referral.referrer_points),
      friend_reward:
        v.referral.friend_reward_type === "points"
          ? { type: "points", points: numberOrRaw(v.referral.friend_reward_value) }
          : { type: "promotion", amount: v.referral.friend_reward_value },
      min_order: rates["referral.min_order"],
    },
  }
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-y-4 px-6 py-4">
      <Heading level="h2">{title}</Heading>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">{children}</div>
    </div>
  )
}

const LoyaltyProgramPage = () => {
  const { data, isLoading, isError, error, refetch } = useProgram()
  const update = useUpdateProgram()
  const form = useForm<Values>()

  useEffect(() => {
    if (data?.program) {
      form.reset(toValues(data.program))
    }
  }, [data?.program])

  const submit = form.handleSubmit(async (values) => {
    const patch = toPatch(values, form)
    if (!patch) {
      return
    }
    try {
      await update.mutateAsync(patch)
      toast.success(t.saved)
    } catch (err) {
      const message = errorMessage(err)
      const fieldErrors = serverFieldErrors(message, FIELDS)
      for (const { field, message: text } of fieldErrors) {
        form.setError((FORM_NAME[field] ?? field) as any, { type: "server", message: text })
      }
      toast.error(fieldErrors.length ? t.invalid : message)
    }
  })

  return (
    <div className="flex flex-col gap-y-3">
      <PageHeader title={t.title} subtitle={t.subtitle} />
      {isLoading ? (
        <Container className="p-0"><LoadingState rows={8} /></Container>
      ) : isError ? (
        <Container className="p-0"><ErrorState error={error} onRetry={() => refetch()} /></Container>
      ) : (
        <form onSubmit={submit} noValidate>
          <Container className="divide-y p-0">
            <Section title={t.sections.unit}>
              <TextField form={form} name="unit.en.one" label={f.unitEnOne} />
              <TextField form={form} name="unit.en.other" label={f.unitEnOther} />
              <span className="hidden xl:block" />
              <TextField form={form} name="unit.fi.one" label={f.unitFiOne} />
              <TextField form={form} name="unit.fi.other" label={f.unitFiOther} />
            </Section>
            <Section title={t.sections.earning}>
              <TextAreaField form={form} name="earning.rates" label={f.rates} hint={f.ratesHint} />
              <TextField form={form} name="earning.pending_days" label={f.pendingDays} />
              <TextField form={form} name="earning.signup_points" label={f.signupPoints} />
              <TextField form={form} name="earning.birthday_points" label={f.birthdayPoints} />
              <TextField form={form} name="earning.review_points" label={f.reviewPoints} />
              <SwitchField form={form} name="earning.review_auto_approve" label={f.reviewAutoApprove} />
            </Section>
            <Section title={t.sections.redemption}>
              <TextAreaField form={form} name="redemption.rates" label={f.redemptionRates} hint={f.ratesHint} />
              <TextField form={form} name="redemption.min_points" label={f.minPoints} />
              <TextField form={form} name="redemption.step_points" label={f.stepPoints} />
              <TextField form={form} name="redemption.max_cart_share_percent" label={f.maxShare} />
              <SelectField
                form={form}
                name="redemption.refund_policy"
                label={f.refundPolicy}
                options={[
                  { value: "proportional", label: f.proportional },
                  { value: "manual", label: f.manual },
                ]}
              />
              <SelectField
                form={form}
                name="redemption.shopify_redemption"
                label={f.shopifyRedemption}
                options={[
                  { value: "discount_code", label: f.shopifyCode },
                  { value: "store_credit", label: f.shopifyStoreCredit },
                ]}
              />
            </Section>
            <Section title={t.sections.expiry}>
              <SelectField
                form={form}
                name="expiry.mode"
                label={f.expiryMode}
                options={[
                  { value: "off", label: f.expiryOff },
                  { value: "per_lot", label: f.expiryPerLot },
                  { value: "inactivity", label: f.expiryInactivity },
                ]}
              />
              <TextField form={form} name="expiry.months" label={f.expiryMonths} />
              <TextField form={form} name="expiry.warning_days" label={f.warningDays} />
            </Section>
            <Section title={t.sections.referral}>
              <SwitchField form={form} name="referral.enabled" label={f.referralEnabled} />
              <TextField form={form} name="referral.referrer_points" label={f.referrerPoints} />
              <SelectField
                form={form}
                name="referral.friend_reward_type"
                label={f.friendRewardType}
                options={[
                  { value: "promotion", label: f.friendPromotion },
                  { value: "points", label: f.friendPoints },
                ]}
              />
              <TextField
                form={form}
                name="referral.friend_reward_value"
                label={form.watch("referral.friend_reward_type") === "points" ? f.friendCones : f.friendAmount}
              />
              <TextAreaField form={form} name="referral.min_order" label={f.minOrder} hint={f.minOrderHint} />
            </Section>
            <div className="flex justify-end px-6 py-4">
              <Button type="submit" isLoading={update.isPending}>{strings.common.save}</Button>
            </div>
          </Container>
        </form>
      )}
    </div>
  )
}

export const config = defineRouteConfig({ label: strings.nav.program, rank: 2 })

export default LoyaltyProgramPage

import { useEffect, useState } from "preact/hooks"
import { type CustomerAccountView, fetchCustomerAccount } from "./kapy-client"

type State = { status: "loading" } | { status: "failed" } | { status: "ready"; view: CustomerAccountView }

const RECENT_LIMIT = 5

/**
 * Kapy's points block: balance, tier and progress to the next tier, the
 * newest entries and the referral link, or a join prompt for a customer
 * Kapy has not met yet. Only renders what the backend answers; texts come
 * from locales/*.json, the points' own names from the program.
 */
export function PointsBlock() {
  const [state, setState] = useState<State>({ status: "loading" })
  useEffect(() => {
    fetchCustomerAccount().then(
      (view) => setState({ status: "ready", view }),
      () => setState({ status: "failed" })
    )
  }, [])

  const t = shopify.i18n.translate
  if (state.status === "loading") {
    return (
      <s-section heading={t("heading")}>
        <s-skeleton-paragraph />
      </s-section>
    )
  }
  if (state.status === "failed") {
    return (
      <s-section heading={t("heading")}>
        <s-banner tone="critical">{t("error")}</s-banner>
      </s-section>
    )
  }
  const { view } = state
  const points = (count: number) => `${shopify.i18n.formatNumber(count)} ${unitName(view, count)}`
  if (!view.member) {
    const signup = view.join?.ways_to_earn.find((w) => w.action === "signup")?.points ?? 0
    return (
      <s-section heading={t("heading")}>
        <s-stack gap="base">
          <s-text>{t("join.body")}</s-text>
          {signup > 0 ? <s-text>{t("join.signup", { points: points(signup) })}</s-text> : null}
        </s-stack>
      </s-section>
    )
  }

  const { account } = view
  const next = account.next_tier
  const qualifying = account.tier_progress.qualifying
  return (
    <s-section heading={t("heading")}>
      <s-stack gap="base">
        <s-stack direction="inline" gap="small" alignItems="center">
          <s-heading>{points(account.points_balance)}</s-heading>
          {account.tier ? <s-badge>{account.tier.name}</s-badge> : null}
        </s-stack>
        {account.points_pending > 0 ? <s-text color="subdued">{t("pending", { points: points(account.points_pending) })}</s-text> : null}
        {next ? (
          <s-stack gap="small-200">
            <s-text>{t("next_tier", { tier: next.name, remaining: shopify.i18n.formatNumber(next.remaining) })}</s-text>
            <s-progress
              value={qualifying}
              max={Math.max(qualifying + next.remaining, 1)}
              accessibilityLabel={t("next_tier", { tier: next.name, remaining: shopify.i18n.formatNumber(next.remaining) })}
            />
          </s-stack>
        ) : account.tier ? (
          <s-text>{t("top_tier")}</s-text>
        ) : null}
        {view.recent_entries.length ? (
          <s-stack gap="small-200">
            <s-heading>{t("recent.heading")}</s-heading>
            <s-unordered-list>
              {view.recent_entries.slice(0, RECENT_LIMIT).map((entry) => (
                <s-list-item key={entry.id}>
                  {t("recent.entry", {
                    reason: t(`reason.${entry.reason}`),
                    points: `${entry.points > 0 ? "+" : ""}${points(entry.points)}`,
                    date: shopify.i18n.formatDate(new Date(entry.created_at), { dateStyle: "medium" }),
                  })}
                </s-list-item>
              ))}
            </s-unordered-list>
          </s-stack>
        ) : null}
        {account.referral_link ? (
          <s-stack gap="small-200">
            <s-heading>{t("referral.heading")}</s-heading>
            <s-text>{t("referral.body")}</s-text>
            <s-text type="strong">{account.referral_link}</s-text>
            <s-clipboard-item id="kapy-referral-link" text={account.referral_link} />
            <s-button variant="secondary" commandFor="kapy-referral-link" command="--copy">
              {t("referral.copy")}
            </s-button>
          </s-stack>
        ) : null}
      </s-stack>
    </s-section>
  )
}

/** The program's name for `count` points in the customer's language (English when it has none). */
function unitName(view: CustomerAccountView, count: number) {
  const language = shopify.localization.language.value.isoCode.split("-")[0].toLowerCase()
  const names = view.unit[language] ?? view.unit.en
  return Math.abs(count) === 1 ? names.one : names.other
}

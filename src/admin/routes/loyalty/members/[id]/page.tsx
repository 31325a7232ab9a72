import { Badge, Button, Container, DataTable, Heading, Prompt, Text, toast, useDataTable } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Link, useParams } from "react-router-dom"
import {
  AdjustForm,
  entryColumns,
  memberName,
  percentOf,
  ProviderBadges,
  TierOverrideForm,
  TierProgress,
} from "../../../../components/member-loyalty"
import { usePagination } from "../../../../components/pagination"
import { KeyboardScrollable } from "../../../../components/scroll-regions"
import { ErrorState, LoadingState, PageHeader, Stat } from "../../../../components/states"
import { AccountView, memberPath, useEraseMember, useMember, useMemberEntries, useProgram } from "../../../../lib/api"
import { formatCones, formatTierAmount } from "../../../../lib/format"
import { linkClass } from "../../../../lib/link-class"
import { backendUrl, errorMessage } from "../../../../lib/sdk"
import { strings } from "../../../../lib/strings"

const t = strings.members
const c = strings.customer

/** Who the member is to each provider: Medusa (with a link to the customer page) and Shopify, with emails. */
function Identities({ account }: { account: AccountView }) {
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="kapy-member-identities">
      <Heading level="h3">{t.identities}</Heading>
      {!account.customer_id && account.identities.length > 0 && (
        <Text size="small" className="text-ui-fg-subtle">{t.noCustomer}</Text>
      )}
      {account.identities.length ? (
        <ul className="flex flex-col gap-y-1">
          {account.identities.map((identity) => (
            <li key={`${identity.provider}:${identity.external_id}`} className="flex flex-wrap items-center gap-x-2">
              <ProviderBadges identities={[identity]} />
              <Text size="small">{identity.email ?? t.noEmail}</Text>
              {identity.email_verified && <Text size="xsmall" className="text-ui-fg-muted">({t.verified})</Text>}
              {identity.provider === "medusa" ? (
                <Link className={`${linkClass} txt-compact-small`} to={`/customers/${identity.external_id}`}>
                  {t.customerPage}
                </Link>
              ) : (
                <Text size="xsmall" className="text-ui-fg-muted">{identity.external_id}</Text>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <Text size="small" className="text-ui-fg-subtle">{t.identitiesEmpty}</Text>
      )}
    </div>
  )
}

/** The access request's download and the erasure, which asks before it acts. */
function Privacy({ accountId, who }: { accountId: string; who: string }) {
  const [open, setOpen] = useState(false)
  const erase = useEraseMember(accountId)
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <div>
        <Heading level="h3">{t.privacy}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t.privacyDescription}</Text>
      </div>
      <div className="flex gap-x-2">
        <Button size="small" variant="secondary" asChild>
          <a href={backendUrl(`${memberPath.account(accountId)}/export`, {})} download={`loyalty-data-${accountId}.json`}>
            {t.export}
          </a>
        </Button>
        <Button size="small" variant="danger" onClick={() => setOpen(true)}>{t.erase}</Button>
      </div>
      <Prompt open={open} onOpenChange={setOpen}>
        <Prompt.Content>
          <Prompt.Header>
            <Prompt.Title>{t.eraseTitle}</Prompt.Title>
            <Prompt.Description>{t.eraseDescription(who)}</Prompt.Description>
          </Prompt.Header>
          <Prompt.Footer>
            <Prompt.Cancel>{strings.common.cancel}</Prompt.Cancel>
            <Button
              size="small"
              variant="danger"
              isLoading={erase.isPending}
              onClick={async () => {
                try {
                  await erase.mutateAsync()
                  toast.success(t.erased)
                  setOpen(false)
                } catch (error) {
                  toast.error(errorMessage(error))
                }
              }}
            >
              {t.erase}
            </Button>
          </Prompt.Footer>
        </Prompt.Content>
      </Prompt>
    </div>
  )
}

function Entries({ accountId }: { accountId: string }) {
  const { pagination, setPagination, query } = usePagination(20)
  const { data, isLoading, isError, error, refetch } = useMemberEntries(accountId, query)
  const table = useDataTable({
    columns: entryColumns,
    data: data?.entries ?? [],
    getRowId: (row) => row.id,
    rowCount: data?.count ?? 0,
    isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
  })
  if (isError) {
    return <ErrorState error={error} onRetry={() => refetch()} />
  }
  return (
    <div className="flex flex-col">
      <div className="px-6 pt-4">
        <Heading level="h3">{c.entriesTitle}</Heading>
      </div>
      <KeyboardScrollable label={c.entriesTitle}>
        <DataTable instance={table}>
          <DataTable.Table emptyState={{ empty: { heading: c.entriesEmpty } }} />
          <DataTable.Pagination />
        </DataTable>
      </KeyboardScrollable>
    </div>
  )
}

/**
 * One member by account id: the page that works for a member with no
 * Medusa customer (a Shopify-only member) as for one with. Balance, tier,
 * identities, adjust, tier override, entries, the data download and erasure.
 */
const LoyaltyMemberPage = () => {
  const { id = "" } = useParams()
  const { data, isLoading, isError, error, refetch } = useMember(id)
  const currency = useProgram().data?.program?.tiers?.currency_code
  const account = data?.account
  const who = account ? memberName({ customer: account.customer, identities: account.identities }) : ""

  const tierHint = useMemo(() => {
    if (!account) {
      return undefined
    }
    if (account.next_tier) {
      return c.toNextTier(formatTierAmount(account.next_tier.remaining, account.tier_progress.metric, currency), account.next_tier.name)
    }
    return account.tier ? c.topTier : undefined
  }, [account, currency])

  const back = (
    <Link className={`${linkClass} txt-compact-small`} to="/loyalty/members">
      ← {t.back}
    </Link>
  )

  if (isLoading) {
    return (
      <div className="flex flex-col gap-y-3">
        <PageHeader title={t.title} actions={back} />
        <Container className="p-0"><LoadingState rows={6} /></Container>
      </div>
    )
  }
  if (isError || !account) {
    return (
      <div className="flex flex-col gap-y-3">
        <PageHeader title={t.title} actions={back} />
        <Container className="p-0"><ErrorState error={error ?? t.notFound} onRetry={() => refetch()} /></Container>
      </div>
    )
  }

  const path = memberPath.account(account.id ?? id)
  return (
    <div className="flex flex-col gap-y-3" data-testid="kapy-member-page">
      <PageHeader
        title={who}
        subtitle={account.status ? t.status[account.status] ?? account.status : undefined}
        actions={
          <div className="flex items-center gap-x-3">
            <ProviderBadges identities={account.identities} />
            {account.tier && <Badge size="2xsmall">{account.tier.name}</Badge>}
            {back}
          </div>
        }
      />
      <Container className="divide-y p-0">
        <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-4">
          <Stat label={c.balance} value={formatCones(account.points_balance)} testId="kapy-balance" />
          <Stat label={c.pending} value={formatCones(account.points_pending)} testId="kapy-pending" />
          <Stat label={c.tier} value={account.tier?.name ?? c.noTier} hint={tierHint} />
          <Stat label={c.referralCode} value={account.referral_code ?? "–"} hint={`${t.lifetime}: ${formatCones(account.lifetime_points)}`} />
        </div>
        {account.next_tier && (
          <TierProgress
            qualifying={formatTierAmount(account.tier_progress.qualifying, account.tier_progress.metric, currency)}
            percent={percentOf(Number(account.tier_progress.qualifying), Number(account.next_tier.remaining))}
            label={tierHint!}
          />
        )}
        <Identities account={account} />
        <AdjustForm path={path} />
        <TierOverrideForm path={path} current={account.tier_override ?? null} />
        <Entries accountId={account.id ?? id} />
        <Privacy accountId={account.id ?? id} who={who} />
      </Container>
    </div>
  )
}

export default LoyaltyMemberPage

import { Button, Container, Heading, Skeleton, Text } from "@medusajs/ui"
import { ExclamationCircle } from "@medusajs/icons"
import type { ReactNode } from "react"
import { errorMessage } from "../lib/sdk"
import { strings } from "../lib/strings"

/** Skeleton rows while a section loads (as the dashboard's sections do). */
export function LoadingState({ rows = 3 }: { rows?: number }) {
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" aria-busy="true" aria-label={strings.common.loading}>
      {Array.from({ length: rows }).map((_, i) => (
        <Skeleton key={i} className="h-5 w-full" />
      ))}
    </div>
  )
}

/** A failed request: the server's message and a retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div role="alert" className="flex items-start gap-x-3 px-6 py-4">
      <ExclamationCircle className="text-ui-fg-error mt-0.5" />
      <div className="flex flex-1 flex-col gap-y-2">
        <Text size="small" weight="plus">{strings.common.errorTitle}</Text>
        <Text size="small" className="text-ui-fg-subtle">{errorMessage(error)}</Text>
        {onRetry && (
          <div>
            <Button size="small" variant="secondary" onClick={onRetry}>{strings.common.retry}</Button>
          </div>
        )}
      </div>
    </div>
  )
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <div className="flex items-center justify-center px-6 py-8">
      <Text size="small" className="text-ui-fg-muted">{children}</Text>
    </div>
  )
}

/** A page's title block, as the dashboard's list pages start. */
export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: string; actions?: ReactNode }) {
  return (
    <Container className="flex items-center justify-between gap-x-4 px-6 py-4">
      <div>
        <Heading level="h1">{title}</Heading>
        {subtitle && <Text size="small" className="text-ui-fg-subtle">{subtitle}</Text>}
      </div>
      {actions && <div className="flex items-center gap-x-2">{actions}</div>}
    </Container>
  )
}

/** A labelled number, for the summary strips of widgets and the overview. */
export function Stat({ label, value, hint, testId }: { label: string; value: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <div className="flex flex-col gap-y-1">
      <Text size="small" className="text-ui-fg-subtle">{label}</Text>
      <Text size="large" weight="plus" data-testid={testId}>{value}</Text>
      {hint && <Text size="xsmall" className="text-ui-fg-muted">{hint}</Text>}
    </div>
  )
}

/** A field's error under it, announced to screen readers. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) {
    return null
  }
  return (
    <Text id={id} size="small" role="alert" className="text-ui-fg-error">
      {message}
    </Text>
  )
}

import { Button, Label, Prompt, Textarea } from "@medusajs/ui"
import { useState } from "react"
import { strings } from "../lib/strings"
import { FieldError } from "./states"

const t = strings.moderation

/** Asks for the reason of a rejection; `onConfirm` gets it (required, as the API requires it). */
export function RejectPrompt({
  count,
  open,
  onOpenChange,
  onConfirm,
  busy,
}: {
  count: number
  open: boolean
  onOpenChange: (open: boolean) => void
  onConfirm: (reason: string) => void
  busy?: boolean
}) {
  const [reason, setReason] = useState("")
  const [error, setError] = useState<string | undefined>()
  return (
    <Prompt open={open} onOpenChange={onOpenChange}>
      <Prompt.Content>
        <Prompt.Header>
          <Prompt.Title>{t.rejectTitle(count)}</Prompt.Title>
        </Prompt.Header>
        <div className="flex flex-col gap-y-1 px-6 pb-4">
          <Label htmlFor="kapy-reject-reason" size="small">{t.rejectReason}</Label>
          <Textarea
            id="kapy-reject-reason"
            value={reason}
            aria-invalid={!!error}
            aria-describedby={error ? "kapy-reject-reason-error" : undefined}
            onChange={(e) => {
              setReason(e.target.value)
              setError(undefined)
            }}
          />
          <FieldError id="kapy-reject-reason-error" message={error} />
        </div>
        <Prompt.Footer>
          <Prompt.Cancel>{strings.common.cancel}</Prompt.Cancel>
          <Button
            size="small"
            variant="danger"
            isLoading={busy}
            onClick={() => {
              if (!reason.trim()) {
                setError(t.rejectReasonRequired)
                return
              }
              onConfirm(reason.trim())
              setReason("")
            }}
          >
            {t.reject}
          </Button>
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}

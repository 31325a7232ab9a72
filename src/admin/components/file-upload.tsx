import { ArrowUpTray, DocumentText, XMark } from "@medusajs/icons"
import { IconButton, Label, Text } from "@medusajs/ui"
import { useId, useRef, useState } from "react"
import { FieldError } from "./states"

/**
 * A file upload as Medusa's dashboard draws its own (a dashed drop zone
 * with the upload icon; @medusajs/ui 4.2.5 exports no file upload): drop a
 * file or choose one with the keyboard or a click; the chosen file is
 * shown with its size and a button to remove it. The native input is
 * visually hidden but is the control (its label names it).
 */
export function FileUpload({
  label,
  prompt,
  accept,
  hint,
  file,
  onChange,
  error,
  clearLabel,
  describe,
}: {
  label: string
  prompt: string
  accept: string
  /** What files it takes, in words ("CSV, up to 20 MB") */
  hint: string
  file: File | null
  onChange: (file: File | null) => void
  error?: string
  clearLabel: string
  describe: (name: string, size: string) => string
}) {
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  const [over, setOver] = useState(false)
  const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`)
  return (
    <div className="flex flex-col gap-y-2">
      <Label size="small" weight="plus" htmlFor={id}>{label}</Label>
      <label
        htmlFor={id}
        onDragOver={(e) => {
          e.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault()
          setOver(false)
          onChange(e.dataTransfer.files?.[0] ?? null)
        }}
        className={`bg-ui-bg-component border-ui-border-strong text-ui-fg-subtle hover:border-ui-border-interactive focus-within:shadow-borders-focus flex cursor-pointer flex-col items-center gap-y-2 rounded-lg border border-dashed p-6 transition-fg ${over ? "border-ui-border-interactive" : ""} ${error ? "border-ui-border-error" : ""}`}
      >
        <span className="text-ui-fg-subtle flex items-center gap-x-2">
          <ArrowUpTray />
          <Text size="small" leading="compact">{prompt}</Text>
        </span>
        <Text size="xsmall" className="text-ui-fg-muted">{hint}</Text>
        <input
          ref={input}
          id={id}
          type="file"
          accept={accept}
          className="sr-only"
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.files?.[0] ?? null)}
        />
      </label>
      {file && (
        <div className="shadow-elevation-card-rest bg-ui-bg-component flex items-center gap-x-3 rounded-lg px-3 py-2" data-testid="kapy-upload-file">
          <DocumentText className="text-ui-fg-subtle" />
          <Text size="small" className="flex-1 truncate">{describe(file.name, size(file.size))}</Text>
          <IconButton
            type="button"
            size="small"
            variant="transparent"
            aria-label={clearLabel}
            onClick={() => {
              onChange(null)
              if (input.current) input.current.value = ""
            }}
          >
            <XMark />
          </IconButton>
        </div>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  )
}

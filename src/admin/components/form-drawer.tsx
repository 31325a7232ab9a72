import { Button, Drawer } from "@medusajs/ui"
import type { ReactNode } from "react"
import { strings } from "../lib/strings"

/** A create/edit form in a drawer, as the dashboard's edit forms open. */
export function FormDrawer({
  open,
  onOpenChange,
  title,
  onSubmit,
  busy,
  children,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: string
  onSubmit: () => void
  busy?: boolean
  children: ReactNode
}) {
  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content aria-describedby={undefined}>
        <form
          className="flex h-full flex-col overflow-hidden"
          noValidate
          onSubmit={(e) => {
            e.preventDefault()
            onSubmit()
          }}
        >
          <Drawer.Header>
            <Drawer.Title>{title}</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-1 flex-col gap-y-4 overflow-auto">{children}</Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">{strings.common.cancel}</Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={busy}>{strings.common.save}</Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}

/** Server field errors: the field a validation message names (`Invalid request: Field 'name' …`, `ends_at must …`). */
export function fieldNamedIn(message: string, fields: string[]): string | undefined {
  const quoted = message.match(/[Ff]ield '([\w.]+)'/)?.[1]
  const candidates = quoted ? [quoted] : []
  for (const field of [...fields].sort((a, b) => b.length - a.length)) {
    if (candidates.some((c) => c === field || c.startsWith(`${field}.`)) || new RegExp(`\\b${field}\\b`).test(message)) {
      return field
    }
  }
  return undefined
}

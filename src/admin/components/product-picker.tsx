import { Input, Label, Text } from "@medusajs/ui"
import { useEffect, useId, useState } from "react"
import { useProductSearch } from "../lib/api"
import { FieldError } from "./states"

/**
 * Picks one product by searching Medusa's catalog by title (the admin API's
 * `/admin/products?q=`), as a combobox: type, move with the arrow keys,
 * Enter or a click chooses. `value` is the product id; the field shows its
 * title.
 */
export function ProductPicker({
  label,
  placeholder,
  noneText,
  value,
  onChange,
  error,
}: {
  label: string
  placeholder: string
  noneText: string
  value: { id: string; title: string } | null
  onChange: (product: { id: string; title: string } | null) => void
  error?: string
}) {
  const id = useId()
  const [text, setText] = useState(value?.title ?? "")
  const [q, setQ] = useState("")
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  // the search waits for a pause in typing
  useEffect(() => {
    const timer = setTimeout(() => setQ(text === value?.title ? "" : text), 250)
    return () => clearTimeout(timer)
  }, [text, value?.title])
  useEffect(() => setText(value?.title ?? ""), [value?.id])
  const { data, isFetching } = useProductSearch(q)
  const hits = data?.products ?? []
  const choose = (i: number) => {
    const hit = hits[i]
    if (!hit) return
    onChange({ id: hit.id, title: hit.title })
    setText(hit.title)
    setOpen(false)
  }
  return (
    <div className="relative flex flex-col gap-y-1">
      <Label htmlFor={id} size="small" weight="plus">{label}</Label>
      <Input
        id={id}
        type="search"
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open && hits[active] ? `${id}-${active}` : undefined}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
        placeholder={placeholder}
        value={text}
        autoComplete="off"
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => {
          setText(e.target.value)
          setOpen(true)
          setActive(0)
          if (value) onChange(null)
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault()
            setOpen(true)
            setActive((a) => Math.min(a + 1, hits.length - 1))
          } else if (e.key === "ArrowUp") {
            e.preventDefault()
            setActive((a) => Math.max(a - 1, 0))
          } else if (e.key === "Enter" && open) {
            e.preventDefault()
            choose(active)
          } else if (e.key === "Escape") {
            setOpen(false)
          }
        }}
      />
      {open && (
        <ul
          id={`${id}-list`}
          role="listbox"
          aria-label={label}
          className="bg-ui-bg-base shadow-elevation-flyout absolute top-full z-10 mt-1 max-h-64 w-full overflow-auto rounded-lg p-1"
        >
          {hits.map((hit, i) => (
            <li
              key={hit.id}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`txt-compact-small flex cursor-pointer items-center gap-x-2 rounded-md px-2 py-1.5 ${i === active ? "bg-ui-bg-base-hover" : ""}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(i)}
            >
              {hit.thumbnail ? <img src={hit.thumbnail} alt="" className="h-6 w-6 rounded object-cover" /> : null}
              <span>{hit.title}</span>
            </li>
          ))}
          {!hits.length && !isFetching && (
            <li role="option" aria-disabled="true" aria-selected={false} className="px-2 py-1.5">
              <Text size="small" className="text-ui-fg-subtle">{noneText}</Text>
            </li>
          )}
        </ul>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  )
}

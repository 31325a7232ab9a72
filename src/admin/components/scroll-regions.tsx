import { ReactNode, useEffect, useRef } from "react"

/**
 * Makes the scrolling wrappers Medusa UI's DataTable renders reachable by
 * keyboard (axe: scrollable-region-focusable): each gets tabIndex 0 and a
 * name, so a keyboard user can scroll a wide table.
 */
export function KeyboardScrollable({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const root = ref.current
    if (!root) {
      return
    }
    const mark = () =>
      root.querySelectorAll<HTMLElement>(".overflow-auto, .overflow-x-auto, .overscroll-auto").forEach((el) => {
        if (!el.hasAttribute("tabindex")) {
          el.setAttribute("tabindex", "0")
          el.setAttribute("role", "region")
          el.setAttribute("aria-label", label)
        }
      })
    mark()
    const observer = new MutationObserver(mark)
    observer.observe(root, { childList: true, subtree: true })
    return () => observer.disconnect()
  }, [label])
  return <div ref={ref}>{children}</div>
}

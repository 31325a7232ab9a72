/**
 * The class of every in-text link in Kapy's admin pages. Medusa UI's
 * `fg-interactive` blue (#3B82F6) reaches only 3.7:1 on a white table row,
 * under WCAG AA's 4.5:1 for text; its hover shade (#2563EB, 5.2:1 light,
 * #93C5FD dark) is used at rest and the underline marks the hover.
 */
export const linkClass = "text-ui-fg-interactive-hover hover:underline"

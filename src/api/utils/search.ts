/**
 * A search term as plain text inside Medusa's `q` filters, which match with
 * ILIKE '%q%': `%` and `_` (and the escape character itself) would
 * otherwise be wildcards, so that `q=%` matched everything.
 */
export function escapeLikePattern(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`)
}

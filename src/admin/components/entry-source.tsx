import { Link } from "react-router-dom"
import type { LoyaltyEntry } from "../lib/api"
import { strings } from "../lib/strings"
import { linkClass } from "../lib/link-class"

const t = strings.sources

/**
 * Where an entry comes from, as a link to the thing itself (the order, the
 * moderation queue with the review or claim, the imports page), never a
 * raw id: people read names and follow links.
 */
export function EntrySource({ entry, currentOrderId }: { entry: Pick<LoyaltyEntry, "source_type" | "source_id">; currentOrderId?: string }) {
  const type = entry.source_type
  const id = entry.source_id
  if (!type) {
    return <span>–</span>
  }
  const className = linkClass
  // on an order's page, its cart's and its own entries are this order's
  if (currentOrderId && (type === "cart" || (type === "order" && id === currentOrderId))) {
    return <span>{strings.order.ofOrder}</span>
  }
  if ((type === "order" || type === "cart") && id && id.startsWith("order_")) {
    return <Link className={className} to={`/orders/${id}`}>{t.order}</Link>
  }
  if (type === "review" || type === "claim") {
    return <Link className={className} to="/loyalty/moderation">{t[type]}</Link>
  }
  if (type === "import") {
    return <Link className={className} to="/loyalty/imports">{t.import}</Link>
  }
  if (type === "referral") {
    return <Link className={className} to="/loyalty/referrals">{t.referral}</Link>
  }
  return <span>{t[type] ?? t.other}</span>
}

import "@shopify/ui-extensions/preact"
import { render } from "preact"
import { PointsBlock } from "./PointsBlock"

/** customer-account.order-status.block.render: the points block on an order's status page. */
export default async () => {
  render(<PointsBlock />, document.body)
}

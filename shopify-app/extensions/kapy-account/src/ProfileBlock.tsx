import "@shopify/ui-extensions/preact"
import { render } from "preact"
import { PointsBlock } from "./PointsBlock"

/** customer-account.profile.block.render: the points block on the Profile page. */
export default async () => {
  render(<PointsBlock />, document.body)
}

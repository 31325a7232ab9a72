import { MathBN } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { fitRedemption, pointsValue } from "../../../rules/redemption"
import { LOYALTY_CREDIT_LINE_REFERENCE } from "../../../types/loyalty"
import {
  payableBeforePoints,
  pointsCreditLines,
  pointsLinesBelongToCartCustomer,
  PointsLineMetadata,
  programFor,
  RedemptionCart,
  redeemedPoints,
  redemptionRules,
} from "../utils/cart-redemption"

/**
 * Works out whether a changed cart's points credit line still fits: the
 * same line when it does, a smaller one when the cart got cheaper, none
 * when what fits falls below the minimum or the cart changed hands (the
 * points belong to the account that applied them). Nothing to do returns
 * no changes. Reads only.
 */
export const fitCartRedemptionStep = createStep(
  "kapy-fit-cart-redemption",
  async ({ cart }: { cart: RedemptionCart | undefined }, { container }) => {
    const lines = cart && !cart.completed_at ? pointsCreditLines(cart) : []
    if (!cart || !lines.length) {
      return new StepResponse({ delete: [] as string[], create: [] as any[] })
    }
    if (!(await pointsLinesBelongToCartCustomer(container, cart))) {
      return new StepResponse({ delete: lines.map((l) => l.id), create: [] as any[] })
    }
    const rules = redemptionRules(await programFor(container), cart.currency_code)
    const points = redeemedPoints(cart)
    const fitted = fitRedemption(points, payableBeforePoints(cart), rules)
    const amount = pointsValue(fitted, rules)
    const credited = lines.reduce((sum, l) => MathBN.add(sum, l.amount), MathBN.convert(0))
    if (lines.length === 1 && fitted === points && MathBN.eq(credited, amount)) {
      return new StepResponse({ delete: [] as string[], create: [] as any[] })
    }
    return new StepResponse({
      delete: lines.map((l) => l.id),
      create:
        fitted > 0
          ? [
              {
                cart_id: cart.id,
                amount: amount.toNumber(),
                reference: LOYALTY_CREDIT_LINE_REFERENCE,
                reference_id: lines[0].reference_id ?? null,
                metadata: { points: fitted, customer_id: cart.customer_id! } satisfies PointsLineMetadata,
              },
            ]
          : [],
    })
  }
)

import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { conflictError } from "../../../modules/loyalty/errors"
import { pointsValue, redemptionProblem, redemptionProblemMessage } from "../../../rules/redemption"
import { LOYALTY_CREDIT_LINE_REFERENCE } from "../../../types/loyalty"
import { cartRedemptionFacts, PointsLineMetadata, pointsCreditLines, RedemptionCart } from "../utils/cart-redemption"

export const planCartRedemptionStepId = "kapy-plan-cart-redemption"

/**
 * Checks a redemption against the rules and the member's available points
 * and works out the credit line that replaces the cart's current one.
 * Reads only: the points leave the account when the order is placed.
 */
export const planCartRedemptionStep = createStep(
  planCartRedemptionStepId,
  async (
    input: { cart: RedemptionCart | undefined; cart_id: string; customer_id: string; points: number },
    { container }
  ) => {
    const { cart, account, facts } = await cartRedemptionFacts(container, input)
    const problem = redemptionProblem(input.points, facts)
    if (problem) {
      const message = redemptionProblemMessage(problem)
      throw problem.code === "more_than_balance"
        ? conflictError(`${message}, ${input.points} requested`)
        : new MedusaError(MedusaError.Types.INVALID_DATA, message)
    }
    return new StepResponse({
      delete: pointsCreditLines(cart).map((l) => l.id),
      create: [
        {
          cart_id: cart.id,
          amount: pointsValue(input.points, facts.rules).toNumber(),
          reference: LOYALTY_CREDIT_LINE_REFERENCE,
          // the account that pays at completion, and only while it is the cart customer's
          reference_id: account!.id,
          metadata: { points: input.points, customer_id: input.customer_id } satisfies PointsLineMetadata,
        },
      ],
    })
  }
)

import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import { conflictError } from "../../../modules/loyalty/errors"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { pointsValue, redemptionProblem, redemptionProblemMessage } from "../../../rules/redemption"
import { LOYALTY_CREDIT_LINE_REFERENCE } from "../../../types/loyalty"
import {
  assertOwnOpenCart,
  payableBeforePoints,
  PointsLineMetadata,
  pointsCreditLines,
  programFor,
  RedemptionCart,
  redemptionRules,
} from "../utils/cart-redemption"

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
    assertOwnOpenCart(input.cart, input.cart_id, input.customer_id)
    const cart = input.cart!
    const rules = redemptionRules(await programFor(container), cart.currency_code)
    // read only: a customer without an account has no points to apply
    const account = await container
      .resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      .retrieveMember({ customer_id: input.customer_id })
    const problem = redemptionProblem(input.points, {
      available: account?.points_balance ?? 0,
      payable: payableBeforePoints(cart),
      rules,
    })
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
          amount: pointsValue(input.points, rules).toNumber(),
          reference: LOYALTY_CREDIT_LINE_REFERENCE,
          // the account that pays at completion, and only while it is the cart customer's
          reference_id: account!.id,
          metadata: { points: input.points, customer_id: input.customer_id } satisfies PointsLineMetadata,
        },
      ],
    })
  }
)

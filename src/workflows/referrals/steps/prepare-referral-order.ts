import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { availableAt } from "../../../rules/pending"
import { meetsMinimumOrder, PostalAddress, referralOrderRejection } from "../../../rules/referrals"

export const prepareReferralOrderStepId = "kapy-prepare-referral-order"

const ADDRESS_FIELDS = ["address_1", "address_2", "postal_code", "city", "country_code"]

/**
 * What a friend's order means for their pending referral: a rejection when
 * it ships to one of the referrer's addresses (their saved addresses and
 * their orders' shipping addresses), and whether it qualifies (items before
 * discounts, without shipping, of at least the program's `min_order`) and
 * when its pending period ends. Null when the customer has no pending
 * referral waiting for an order. Reads only.
 *
 * @example
 * const outcome = prepareReferralOrderStep({ order_id: "order_123" })
 */
export const prepareReferralOrderStep = createStep(
  prepareReferralOrderStepId,
  async (input: { order_id: string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [order],
    } = await query.graph({
      entity: "order",
      fields: [
        "id",
        "status",
        "customer_id",
        "currency_code",
        "created_at",
        "original_item_total",
        ...ADDRESS_FIELDS.map((f) => `shipping_address.${f}`),
      ],
      filters: { id: input.order_id },
    })
    if (!order?.customer_id || order.status === "canceled") {
      return new StepResponse(null)
    }
    const friend = await loyalty.retrieveMember({ customer_id: order.customer_id })
    const referral = friend ? await loyalty.retrieveReferralOfFriend(friend.id) : null
    if (!referral || referral.status !== "pending" || referral.order_id) {
      return new StepResponse(null)
    }
    const settings = await loyalty.retrieveProgramSettings()
    const rejection = referralOrderRejection(
      await referrerAddresses(container, loyalty, referral.referrer_account_id),
      order.shipping_address as PostalAddress | null
    )
    const qualifies = meetsMinimumOrder(
      { amount: (order as any).original_item_total ?? 0, currency_code: order.currency_code },
      settings.referral.min_order
    )
    return new StepResponse({
      referral_id: referral.id,
      order_id: order.id,
      rejection,
      qualifies_at: qualifies ? availableAt(new Date(order.created_at as any), settings.earning.pending_days) : null,
    })
  }
)

async function referrerAddresses(
  container: MedusaContainer,
  loyalty: LoyaltyModuleService,
  referrerAccountId: string
): Promise<PostalAddress[]> {
  const customerIds = (await loyalty.listMemberIdentities(referrerAccountId))
    .filter((i) => i.provider === "medusa")
    .map((i) => i.external_id)
  if (!customerIds.length) {
    return []
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [{ data: customers }, { data: orders }] = await Promise.all([
    query.graph({
      entity: "customer",
      fields: ADDRESS_FIELDS.map((f) => `addresses.${f}`),
      filters: { id: customerIds },
    }),
    query.graph({
      entity: "order",
      fields: ADDRESS_FIELDS.map((f) => `shipping_address.${f}`),
      filters: { customer_id: customerIds },
      pagination: { take: 100, skip: 0, order: { created_at: "DESC" } },
    }),
  ])
  return [
    ...customers.flatMap((c: any) => c.addresses ?? []),
    ...orders.map((o: any) => o.shipping_address).filter(Boolean),
  ] as PostalAddress[]
}

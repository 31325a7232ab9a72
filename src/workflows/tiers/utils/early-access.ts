import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

/**
 * The products among `productIds` (all restricted ones when omitted) that
 * the customer may not see or buy now: under early access that has not
 * ended, and the customer (null: a guest) holds none of its tiers.
 */
export async function earlyAccessHiddenFor(
  container: MedusaContainer,
  customerId: string | null | undefined,
  productIds?: string[],
  now = new Date()
): Promise<string[]> {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = customerId ? await loyalty.retrieveMember({ customer_id: customerId }) : null
  return await loyalty.listEarlyAccessHidden({ tier_id: account?.tier_id ?? null, product_ids: productIds, now })
}

/**
 * Refuses (NOT_ALLOWED) items of early-access products the cart's customer
 * may not buy yet. Items are named by `variant_id`.
 */
export async function refuseEarlyAccessItems(
  container: MedusaContainer,
  customerId: string | null | undefined,
  items: { variant_id?: string | null }[] | null | undefined
) {
  const variantIds = [...new Set((items ?? []).map((i) => i?.variant_id).filter((id): id is string => !!id))]
  if (!variantIds.length) {
    return
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: variants } = await query.graph({ entity: "variant", fields: ["id", "product_id"], filters: { id: variantIds } })
  const productIds = [...new Set(variants.map((v: any) => v.product_id).filter(Boolean))] as string[]
  if (!productIds.length) {
    return
  }
  const hidden = await earlyAccessHiddenFor(container, customerId, productIds)
  if (hidden.length) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `items: product ${hidden.join(", ")} is in early access for members of some tiers only, and cannot be added yet`
    )
  }
}

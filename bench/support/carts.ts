import {
  addShippingMethodToCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
} from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { Shop } from "../../integration-tests/fixtures/shop"

/**
 * Carts ready to complete, made outside the timed part of a benchmark:
 * one oat drink (49.90), shipping, whatever `beforePayment` adds (points,
 * say), and a payment session with Medusa's system provider.
 */
export async function prepareCarts(
  container: MedusaContainer,
  shop: Shop,
  customerId: string,
  count: number,
  beforePayment?: (cartId: string) => Promise<void>
) {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const { result: cart } = await createCartWorkflow(container).run({
      input: {
        region_id: shop.regionId,
        sales_channel_id: shop.salesChannelId,
        customer_id: customerId,
        email: "bench@example.com",
        items: [{ variant_id: shop.variants["oat-drink"], quantity: 1 }],
        shipping_address: { first_name: "B", last_name: "B", address_1: "Katu 1", city: "Helsinki", postal_code: "00100", country_code: "fi" },
      },
    })
    await addShippingMethodToCartWorkflow(container).run({
      input: { cart_id: cart.id, options: [{ id: shop.shippingOptionId }] },
    })
    await beforePayment?.(cart.id)
    const { result: collection } = await createPaymentCollectionForCartWorkflow(container).run({
      input: { cart_id: cart.id },
    })
    await createPaymentSessionsWorkflow(container).run({
      input: { payment_collection_id: collection.id, provider_id: "pp_system_default" },
    })
    ids.push(cart.id)
  }
  return ids
}

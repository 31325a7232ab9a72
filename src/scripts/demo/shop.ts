import {
  createApiKeysWorkflow,
  createDefaultsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

/**
 * A shop built with Medusa's own workflows: the demo store of `npm run dev`
 * and the shop of the checkout tests. Prices include tax (as Finnish shops
 * show them), each region has its VAT, one manual shipping option serves
 * every region, and a publishable key opens the sales channel the products
 * are sold in: a new "Web shop" channel (the checkout tests), or the store's
 * default sales channel (the demo, so that Medusa's default publishable key
 * and any storefront wired to it show the products).
 */

export type ShopRegion = {
  name: string
  currency_code: string
  country_code: string
  /** VAT in percent, included in prices */
  vat_rate: number
  shipping_price: number
}

export type ShopProduct = {
  handle: string
  title: string
  description?: string
  /** price per currency code, tax included */
  prices: Record<string, number>
  collection_id?: string
}

export type ShopOptions = {
  regions: ShopRegion[]
  products: ShopProduct[]
  /**
   * "new" (the default): a sales channel "Web shop" with a publishable key of
   * its own. "store-default": the store's default sales channel (created the
   * way Medusa does if the store has none) and the publishable key linked to
   * it, Medusa's "Default Publishable API Key" on a fresh store.
   */
  salesChannel?: "new" | "store-default"
}

export type CreatedShop = {
  publishableKey: string
  publishableKeyTitle: string
  salesChannelId: string
  /** region ids by currency code */
  regions: Record<string, string>
  shippingOptionId: string
  /** first variant id by product handle */
  variants: Record<string, string>
  /** product id by handle */
  products: Record<string, string>
}

export const FINLAND: ShopRegion = {
  name: "Suomi",
  currency_code: "eur",
  country_code: "fi",
  vat_rate: 25.5,
  shipping_price: 5.9,
}

export const SWEDEN: ShopRegion = {
  name: "Sverige",
  currency_code: "sek",
  country_code: "se",
  vat_rate: 25,
  shipping_price: 59,
}

export const WAREHOUSE_NAME = "Helsinki warehouse"

export async function createShop(
  container: MedusaContainer,
  { regions, products, salesChannel: channelChoice = "new" }: ShopOptions
): Promise<CreatedShop> {
  const { salesChannel, apiKey } =
    channelChoice === "store-default"
      ? await storeDefaultStorefront(container)
      : await newStorefront(container)
  await setStoreCurrencies(container, regions)

  const { result: createdRegions } = await createRegionsWorkflow(container).run({
    input: {
      regions: regions.map((r) => ({
        name: r.name,
        currency_code: r.currency_code,
        countries: [r.country_code],
        payment_providers: ["pp_system_default"],
        automatic_taxes: true,
        is_tax_inclusive: true,
      })),
    },
  })
  await createTaxRegionsWorkflow(container).run({
    input: regions.map((r) => ({
      country_code: r.country_code,
      provider_id: "tp_system",
      default_tax_rate: { rate: r.vat_rate, code: `${r.country_code}-vat`, name: "VAT" },
    })),
  })

  const shipping = await createShipping(container, salesChannel.id, regions, createdRegions)

  const { result: createdProducts } = await createProductsWorkflow(container).run({
    input: {
      products: products.map((p) => ({
        title: p.title,
        handle: p.handle,
        description: p.description,
        status: "published" as const,
        collection_id: p.collection_id,
        shipping_profile_id: shipping.profileId,
        sales_channels: [{ id: salesChannel.id }],
        options: [{ title: "Size", values: ["Standard"] }],
        variants: [
          {
            title: "Standard",
            sku: `${p.handle}-std`,
            manage_inventory: false,
            options: { Size: "Standard" },
            prices: Object.entries(p.prices).map(([currency_code, amount]) => ({
              currency_code,
              amount,
            })),
          },
        ],
      })),
    },
  })

  return {
    publishableKey: apiKey.token,
    publishableKeyTitle: apiKey.title,
    salesChannelId: salesChannel.id,
    regions: Object.fromEntries(createdRegions.map((r) => [r.currency_code, r.id])),
    shippingOptionId: shipping.optionId,
    variants: Object.fromEntries(createdProducts.map((p) => [p.handle, p.variants[0].id])),
    products: Object.fromEntries(createdProducts.map((p) => [p.handle, p.id])),
  }
}

type Storefront = {
  salesChannel: { id: string; name: string }
  apiKey: { id: string; token: string; title: string }
}

type LinkedKey = {
  id: string
  token: string
  title: string
  type: string
  revoked_at: Date | string | null
  created_at: Date | string
}

/** A sales channel "Web shop" and a publishable key that opens only it. */
async function newStorefront(container: MedusaContainer): Promise<Storefront> {
  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Web shop" }] },
  })
  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Web shop storefront", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: apiKey.id, add: [salesChannel.id] },
  })
  return { salesChannel, apiKey }
}

/**
 * The store's default sales channel (`store.default_sales_channel_id`) and
 * the oldest live publishable key linked to it. Medusa creates both when it
 * boots (`createDefaultsWorkflow`); if they are missing, they are created as
 * Medusa's own seed does: a "Default Sales Channel" set as the store's
 * default, and a publishable key linked to it. Safe to run again.
 */
export async function storeDefaultStorefront(container: MedusaContainer): Promise<Storefront> {
  const storeModule = container.resolve(Modules.STORE)
  let [store] = await storeModule.listStores({}, { take: 1 })
  if (!store) {
    await createDefaultsWorkflow(container).run()
    ;[store] = await storeModule.listStores({}, { take: 1 })
  }
  let channelId = store.default_sales_channel_id
  if (!channelId) {
    const {
      result: [created],
    } = await createSalesChannelsWorkflow(container).run({
      input: { salesChannelsData: [{ name: "Default Sales Channel", description: "Created by Medusa" }] },
    })
    await updateStoresWorkflow(container).run({
      input: { selector: { id: store.id }, update: { default_sales_channel_id: created.id } },
    })
    channelId = created.id
  }

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [channel],
  } = await query.graph({
    entity: "sales_channel",
    fields: [
      "id",
      "name",
      "publishable_api_keys.id",
      "publishable_api_keys.token",
      "publishable_api_keys.title",
      "publishable_api_keys.type",
      "publishable_api_keys.revoked_at",
      "publishable_api_keys.created_at",
    ],
    filters: { id: channelId },
  })
  if (!channel) {
    throw new Error(`The store's default sales channel ${channelId} does not exist`)
  }
  const keys = (channel.publishable_api_keys ?? []) as (LinkedKey | null)[]
  const [linked] = keys
    .filter((key): key is LinkedKey => !!key && key.type === "publishable" && !key.revoked_at)
    .sort((a, b) => +new Date(a.created_at) - +new Date(b.created_at))
  if (linked) {
    return { salesChannel: channel, apiKey: linked }
  }
  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Default Publishable API Key", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: apiKey.id, add: [channel.id] },
  })
  return { salesChannel: channel, apiKey }
}

/**
 * Store currencies with tax-inclusive prices: Medusa keeps that as a price
 * preference per currency, which the prices written per currency follow.
 */
async function setStoreCurrencies(container: MedusaContainer, regions: ShopRegion[]) {
  const [store] = await container.resolve(Modules.STORE).listStores({}, { take: 1 })
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: regions.map((r, i) => ({
          currency_code: r.currency_code,
          is_default: i === 0,
          is_tax_inclusive: true,
        })),
      },
    },
  })
}

async function createShipping(
  container: MedusaContainer,
  salesChannelId: string,
  regions: ShopRegion[],
  createdRegions: { id: string; currency_code: string }[]
) {
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const {
    result: [location],
  } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: [
        {
          name: WAREHOUSE_NAME,
          address: { address_1: "Mannerheimintie 1", city: "Helsinki", country_code: "fi" },
        },
      ],
    },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: location.id, add: [salesChannelId] },
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })

  const {
    result: [profile],
  } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default", type: "default" }] },
  })
  const fulfillmentSet = await container.resolve(Modules.FULFILLMENT).createFulfillmentSets({
    name: "Nordic delivery",
    type: "shipping",
    service_zones: [
      {
        name: "Nordics",
        geo_zones: regions.map((r) => ({ type: "country" as const, country_code: r.country_code })),
      },
    ],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })

  const regionId = (currency: string) => createdRegions.find((r) => r.currency_code === currency)!.id
  const {
    result: [option],
  } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Posti / PostNord",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: fulfillmentSet.service_zones[0].id,
        shipping_profile_id: profile.id,
        type: { label: "Standard", description: "2-4 days", code: "standard" },
        prices: regions.flatMap((r) => [
          { currency_code: r.currency_code, amount: r.shipping_price },
          { region_id: regionId(r.currency_code), amount: r.shipping_price },
        ]),
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })
  return { optionId: option.id, profileId: profile.id }
}

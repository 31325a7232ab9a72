import fs from "fs"
import {
  createCustomerAccountWorkflow,
  createInventoryLevelsWorkflow,
  createUserAccountWorkflow,
  linkProductsToSalesChannelWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateProductVariantsWorkflow,
} from "@medusajs/core-flows"
import { awardSignupPointsWorkflow } from "../workflows/earning"
import { syncTierPricingWorkflow } from "../workflows/tiers"
import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../modules/loyalty"
import type LoyaltyModuleService from "../modules/loyalty/service"
import {
  CreatedShop,
  createShop,
  FINLAND,
  ShopProduct,
  storeDefaultStorefront,
  SWEDEN,
  WAREHOUSE_NAME,
} from "./demo/shop"

/**
 * Seeds the demo store of `npm run dev` once: a Finnish natural-products
 * shop (EUR region "Suomi", SEK region "Sverige") whose products are on the
 * store's default sales channel, so Medusa's default publishable key (the
 * one printed) shows them; an admin, three members with some cones, and
 * Kapy's default program and tiers with cone rates for SEK beside EUR.
 * Run again, it prints the credentials, after bringing a demo seeded by an
 * older version up to date (products on the default channel, SEK rates).
 *
 *   npx medusa exec ./src/scripts/seed-demo.ts
 */
export const DEMO_ADMIN = { email: "admin@kapy.dev", password: "kapy-admin-2026" }
export const DEMO_PASSWORD = "kapy-demo-2026"
const DEMO_STOCK = 100
/**
 * The demo's Swedish kronor: 0.1 cone per krona (about 1 per euro, as the
 * default EUR rate) and 10 cones to the krona (100 to the euro). Layered
 * over the program's other currencies, which stay as they are.
 */
export const DEMO_SEK_RATES = { earning: "0.1", redemption: "10" }
export const DEMO_CUSTOMERS = [
  { email: "aino@example.com", first_name: "Aino", last_name: "Virtanen", points: 1500 },
  { email: "eero@example.com", first_name: "Eero", last_name: "Korhonen", points: 320 },
  { email: "sofia@example.com", first_name: "Sofia", last_name: "Lindqvist", points: 80 },
]

const PRODUCTS: ShopProduct[] = [
  { handle: "oat-drink", title: "Organic oat drink 1 l", prices: { eur: 2.49, sek: 29 } },
  { handle: "fair-trade-coffee", title: "Fair trade coffee 500 g", prices: { eur: 12.9, sek: 149 } },
  { handle: "vitamin-d3", title: "Vitamin D3 50 µg, 120 capsules", prices: { eur: 14.9, sek: 169 } },
  { handle: "nettle-tea", title: "Organic nettle tea", prices: { eur: 5.5, sek: 65 } },
  { handle: "dark-chocolate", title: "Dark chocolate 85 %", prices: { eur: 3.99, sek: 45 } },
  { handle: "rye-crisps", title: "Wholegrain rye crisps", prices: { eur: 2.79, sek: 32 } },
  { handle: "shampoo-bar", title: "Birch shampoo bar", prices: { eur: 9.9, sek: 115 } },
  { handle: "sea-buckthorn-juice", title: "Sea buckthorn juice 0.5 l", prices: { eur: 8.9, sek: 99 } },
  { handle: "lingonberry-powder", title: "Lingonberry powder 100 g", prices: { eur: 11.5, sek: 129 } },
  { handle: "oat-flakes", title: "Gluten-free oat flakes 1 kg", prices: { eur: 4.2, sek: 49 } },
]

export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: existing } = await query.graph({
    entity: "region",
    fields: ["id"],
    filters: { name: FINLAND.name },
  })

  if (!existing.length) {
    logger.info("kapy demo: creating the shop (regions, taxes, shipping, 10 products)…")
    const shop = await createShop(container, {
      regions: [FINLAND, SWEDEN],
      products: PRODUCTS,
      salesChannel: "store-default",
    })
    logger.info(`kapy demo: stocking ${DEMO_STOCK} of each product…`)
    await stockProducts(container, shop)
    logger.info("kapy demo: creating the admin user…")
    await createDemoAdmin(container)
    logger.info("kapy demo: creating 3 members and the loyalty program…")
    await createDemoMembers(container)
    logger.info("kapy demo: seeded")
  } else {
    logger.info("kapy demo: already seeded")
    await sellOnDefaultChannel(container)
  }
  await addSekRates(container)
  await verifyDemoEmails(container)
  await printCredentials(container)
}

/**
 * The demo members' identities follow the `medusa_emails_verified` option
 * of this start (`KAPY_DEMO_SHOPIFY=1 npm run dev` turns it on): a demo
 * seeded without it then has its shoppers' emails verified, and a Shopify
 * customer of the same email joins their account.
 */
async function verifyDemoEmails(container: MedusaContainer) {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const customers = await container.resolve(Modules.CUSTOMER).listCustomers({ email: DEMO_CUSTOMERS.map((c) => c.email), has_account: true })
  for (const customer of customers) {
    await loyalty.ensureCustomerMember({ id: customer.id, email: customer.email })
  }
}

/**
 * A demo seeded before the products went on the store's default sales
 * channel had them on a "Web shop" channel of their own: adds the demo's
 * products and warehouse to the default channel. Does nothing when they
 * are there already.
 */
async function sellOnDefaultChannel(container: MedusaContainer) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { salesChannel } = await storeDefaultStorefront(container)
  const { data: products } = await query.graph({
    entity: "product",
    fields: ["id", "sales_channels.id"],
    filters: { handle: PRODUCTS.map((p) => p.handle) },
  })
  const missing = products
    .filter((p) => !(p.sales_channels ?? []).some((c) => c?.id === salesChannel.id))
    .map((p) => p.id)
  if (missing.length) {
    logger.info(`kapy demo: adding ${missing.length} products to the default sales channel`)
    await linkProductsToSalesChannelWorkflow(container).run({
      input: { id: salesChannel.id, add: missing },
    })
  }
  const { data: locations } = await query.graph({
    entity: "stock_location",
    fields: ["id", "sales_channels.id"],
    filters: { name: WAREHOUSE_NAME },
  })
  for (const location of locations) {
    if (!(location.sales_channels ?? []).some((c) => c?.id === salesChannel.id)) {
      await linkSalesChannelsToStockLocationWorkflow(container).run({
        input: { id: location.id, add: [salesChannel.id] },
      })
    }
  }
}

/**
 * Earning and redemption rates for the SEK region, through the module like
 * an admin's change; other currencies keep theirs, and a SEK rate already
 * set (by the admin, say) is left alone.
 */
async function addSekRates(container: MedusaContainer) {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const { earning, redemption } = await loyalty.retrieveProgramSettings()
  if (earning.rates.sek && redemption.rates.sek) {
    return
  }
  await loyalty.updateProgramSettings({
    earning: { rates: { sek: DEMO_SEK_RATES.earning, ...earning.rates } },
    redemption: { rates: { sek: DEMO_SEK_RATES.redemption, ...redemption.rates } },
  })
}

/**
 * createShop sells without inventory (the checkout tests need no stock);
 * the demo tracks it so the admin's inventory pages have something to show.
 * Turning manage_inventory on gives each variant its inventory item.
 */
async function stockProducts(container: MedusaContainer, shop: CreatedShop) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const variantIds = Object.values(shop.variants)
  await updateProductVariantsWorkflow(container).run({
    input: { selector: { id: variantIds }, update: { manage_inventory: true } },
  })
  const { data: items } = await query.graph({
    entity: "product_variant_inventory_item",
    fields: ["inventory_item_id"],
    filters: { variant_id: variantIds },
  })
  const {
    data: [channel],
  } = await query.graph({
    entity: "sales_channel",
    fields: ["stock_locations.id"],
    filters: { id: shop.salesChannelId },
  })
  const locationId = channel.stock_locations?.[0]?.id
  if (!locationId) {
    throw new Error("kapy demo: the web shop's sales channel has no stock location")
  }
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: items.map((item) => ({
        inventory_item_id: item.inventory_item_id,
        location_id: locationId,
        stocked_quantity: DEMO_STOCK,
      })),
    },
  })
}

async function register(container: MedusaContainer, email: string, password: string) {
  const { authIdentity, error } = await container
    .resolve(Modules.AUTH)
    .register("emailpass", { body: { email, password } } as any)
  if (!authIdentity) {
    throw new Error(`Could not register ${email}: ${error}`)
  }
  return authIdentity.id
}

async function createDemoAdmin(container: MedusaContainer) {
  const authIdentityId = await register(container, DEMO_ADMIN.email, DEMO_ADMIN.password)
  await createUserAccountWorkflow(container).run({
    input: { authIdentityId, userData: { email: DEMO_ADMIN.email, first_name: "Kapy", last_name: "Admin" } },
  })
}

async function createDemoMembers(container: MedusaContainer) {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  await loyalty.retrieveProgramSettings() // creates the default program and tiers
  // each tier's customer group and price list, ready for the admin to fill in
  await syncTierPricingWorkflow(container).run({ input: {} })
  for (const member of DEMO_CUSTOMERS) {
    const authIdentityId = await register(container, member.email, DEMO_PASSWORD)
    const { result: customer } = await createCustomerAccountWorkflow(container).run({
      input: {
        authIdentityId,
        customerData: { email: member.email, first_name: member.first_name, last_name: member.last_name },
      },
    })
    // the customer.created subscriber would too, but this script may end first
    await awardSignupPointsWorkflow(container).run({ input: { customer_id: customer.id } })
    await loyalty.earnPoints({
      customer_id: customer.id,
      points: member.points,
      reason: "import",
      idempotency_key: `demo-seed:${member.email}`,
      note: "Demo balance",
      actor_type: "system",
      actor_id: "seed-demo",
    })
  }
}

async function printCredentials(container: MedusaContainer) {
  const { salesChannel, apiKey } = await storeDefaultStorefront(container)
  const token = apiKey.token
  // the port `npm run dev` starts Medusa on (PORT, as Medusa reads it)
  const base = `http://localhost:${process.env.PORT || 9000}`
  const lines = [
    "",
    "  Kapy demo store",
    "  ───────────────",
    `  Admin:            ${base}/app`,
    `  Admin login:      ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
    `  Store API:        ${base}/store`,
    `  Publishable key:  ${token}`,
    `                    "${apiKey.title}", linked to the store's default sales channel "${salesChannel.name}"`,
    `  Products:         curl -H 'x-publishable-api-key: ${token}' ${base}/store/products`,
    `  Members:          ${DEMO_CUSTOMERS.map((c) => c.email).join(", ")} / ${DEMO_PASSWORD}`,
    `  Program:          curl -H 'x-publishable-api-key: ${token}' ${base}/store/loyalty/program`,
    "",
  ]
  // `npm run dev` prints the box itself once Medusa answers, after the server's start-up log
  const file = process.env.KAPY_DEMO_CREDENTIALS_FILE
  if (file) {
    fs.writeFileSync(file, lines.join("\n") + "\n")
  } else {
    process.stdout.write(lines.join("\n") + "\n")
  }
}

import {
  createCustomerAccountWorkflow,
  createInventoryLevelsWorkflow,
  createUserAccountWorkflow,
  updateApiKeysWorkflow,
  updateProductVariantsWorkflow,
} from "@medusajs/core-flows"
import { awardSignupPointsWorkflow } from "../workflows/earning"
import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../modules/loyalty"
import type LoyaltyModuleService from "../modules/loyalty/service"
import { CreatedShop, createShop, FINLAND, ShopProduct, SWEDEN } from "./demo/shop"

/**
 * Seeds the demo store of `npm run dev` once: a Finnish natural-products
 * shop (EUR region "Suomi", SEK region "Sverige"), an admin, three members
 * with some cones, and Kapy's default program and tiers. Run again, it only
 * prints the credentials.
 *
 *   npx medusa exec ./src/scripts/seed-demo.ts
 */
export const DEMO_ADMIN = { email: "admin@kapy.dev", password: "kapy-admin-2026" }
export const DEMO_PASSWORD = "kapy-demo-2026"
/** also how a later run finds the key it prints */
export const DEMO_KEY_TITLE = "Kapy demo storefront"
const DEMO_STOCK = 100
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
    const shop = await createShop(container, { regions: [FINLAND, SWEDEN], products: PRODUCTS })
    await titleDemoKey(container, shop)
    logger.info(`kapy demo: stocking ${DEMO_STOCK} of each product…`)
    await stockProducts(container, shop)
    logger.info("kapy demo: creating the admin user…")
    await createDemoAdmin(container)
    logger.info("kapy demo: creating 3 members and the loyalty program…")
    await createDemoMembers(container)
    logger.info("kapy demo: seeded")
  } else {
    logger.info("kapy demo: already seeded, nothing to do")
  }
  await printCredentials(container)
}

/** createShop names its key after the sales channel, as the checkout tests know it */
async function titleDemoKey(container: MedusaContainer, shop: CreatedShop) {
  await updateApiKeysWorkflow(container).run({
    input: { selector: { token: shop.publishableKey }, update: { title: DEMO_KEY_TITLE } },
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
  const [key] = await container
    .resolve(Modules.API_KEY)
    .listApiKeys({ type: "publishable", title: DEMO_KEY_TITLE })
  const token = key?.token ?? "(none)"
  const lines = [
    "",
    "  Kapy demo store",
    "  ───────────────",
    "  Admin:            http://localhost:9000/app",
    `  Admin login:      ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
    "  Store API:        http://localhost:9000/store",
    `  Publishable key:  ${token}`,
    `  Members:          ${DEMO_CUSTOMERS.map((c) => c.email).join(", ")} / ${DEMO_PASSWORD}`,
    `  Try:              curl -H 'x-publishable-api-key: ${token}' http://localhost:9000/store/loyalty/program`,
    "",
  ]
  process.stdout.write(lines.join("\n") + "\n")
}

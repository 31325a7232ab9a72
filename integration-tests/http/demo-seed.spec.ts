import {
  createSalesChannelsWorkflow,
  linkProductsToSalesChannelWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import seedDemo from "../../src/scripts/seed-demo"

jest.setTimeout(300_000)

/** the demo shop's 10 products, as docs/install-and-production.md ("The dev app") promises them */
const HANDLES = [
  "dark-chocolate",
  "fair-trade-coffee",
  "lingonberry-powder",
  "nettle-tea",
  "oat-drink",
  "oat-flakes",
  "rye-crisps",
  "sea-buckthorn-juice",
  "shampoo-bar",
  "vitamin-d3",
]

/** Runs the demo seed as `npm run dev` does and returns the publishable key it prints. */
async function runSeed(container: MedusaContainer): Promise<string> {
  const printed: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  const spy = jest.spyOn(process.stdout, "write").mockImplementation(((chunk: unknown, ...rest: any[]) => {
    printed.push(String(chunk))
    return write(chunk as string, ...rest)
  }) as typeof process.stdout.write)
  try {
    await seedDemo({ container, args: [] })
  } finally {
    spy.mockRestore()
  }
  const key = /Publishable key:\s+(pk_\w+)/.exec(printed.join(""))?.[1]
  if (!key) {
    throw new Error(`The seed printed no publishable key:\n${printed.join("")}`)
  }
  return key
}

/** The store's default sales channel and the tokens of the publishable keys linked to it. */
async function defaultChannel(container: MedusaContainer) {
  const [store] = await container.resolve(Modules.STORE).listStores({}, { take: 1 })
  const {
    data: [channel],
  } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "sales_channel",
    fields: ["id", "publishable_api_keys.token"],
    filters: { id: store.default_sales_channel_id! },
  })
  return {
    id: channel.id as string,
    tokens: (channel.publishable_api_keys ?? []).map((k: { token: string } | null) => k?.token),
  }
}

/** Handles of the demo products sold in a sales channel. */
async function handlesIn(container: MedusaContainer, salesChannelId: string): Promise<string[]> {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "product",
    fields: ["handle", "sales_channels.id"],
    filters: { handle: HANDLES },
  })
  return data
    .filter((p) => (p.sales_channels ?? []).some((c: { id: string } | null) => c?.id === salesChannelId))
    .map((p) => p.handle as string)
    .sort()
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const storeGet = (path: string, key: string) =>
      api.get(path, { headers: { "x-publishable-api-key": key } })

    it("puts the demo products on the store's default sales channel, opened by the key it prints, and rates SEK", async () => {
      const container = getContainer()
      // what Medusa created when the app booted: the default channel and its key
      const before = await defaultChannel(container)
      expect(before.tokens).toHaveLength(1)

      const key = await runSeed(container)

      expect(key).toBe(before.tokens[0])
      expect(await handlesIn(container, before.id)).toEqual(HANDLES)

      const { data } = await storeGet("/store/products?limit=100&fields=handle", key)
      expect(data.products.map((p: { handle: string }) => p.handle).sort()).toEqual(HANDLES)

      const {
        data: { program },
      } = await storeGet("/store/loyalty/program", key)
      const purchase = program.ways_to_earn.find((w: { action: string }) => w.action === "purchase")
      // 0.1 cone per krona (about 1 per euro), 10 cones to the krona
      expect(purchase.rates).toEqual({ eur: "1", sek: "0.1" })
      expect(program.redemption.rates).toEqual({ eur: "100", sek: "10" })

      // run again, as every `npm run dev` does: nothing is added twice
      expect(await runSeed(container)).toBe(key)
      const again = await storeGet("/store/products?limit=100&fields=handle", key)
      expect(again.data.products).toHaveLength(HANDLES.length)
    })

    it("brings a demo seeded before this change up to date when run again", async () => {
      const container = getContainer()
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      const key = await runSeed(container)
      const channel = await defaultChannel(container)

      // what the older seed left: products and warehouse on a "Web shop"
      // channel of their own, nothing on the default one, no SEK rates
      const {
        result: [webShop],
      } = await createSalesChannelsWorkflow(container).run({
        input: { salesChannelsData: [{ name: "Web shop" }] },
      })
      const { data: products } = await query.graph({
        entity: "product",
        fields: ["id"],
        filters: { handle: HANDLES },
      })
      const productIds = products.map((p) => p.id as string)
      await linkProductsToSalesChannelWorkflow(container).run({ input: { id: webShop.id, add: productIds } })
      await linkProductsToSalesChannelWorkflow(container).run({ input: { id: channel.id, remove: productIds } })
      const readWarehouse = async () =>
        (await query.graph({ entity: "stock_location", fields: ["id", "sales_channels.id"], filters: { name: "Helsinki warehouse" } })).data[0]
      const warehouse = await readWarehouse()
      await linkSalesChannelsToStockLocationWorkflow(container).run({
        input: { id: warehouse.id, add: [webShop.id], remove: [channel.id] },
      })
      await loyalty.updateProgramSettings({
        earning: { rates: { eur: "1" } },
        redemption: { rates: { eur: "100" } },
      })
      expect((await storeGet("/store/products", key)).data.products).toEqual([])

      expect(await runSeed(container)).toBe(key)

      expect(await handlesIn(container, channel.id)).toEqual(HANDLES)
      const { data } = await storeGet("/store/products?limit=100&fields=handle", key)
      expect(data.products.map((p: { handle: string }) => p.handle).sort()).toEqual(HANDLES)
      const after = await readWarehouse()
      expect((after.sales_channels ?? []).map((c: { id: string } | null) => c?.id)).toContain(channel.id)
      const settings = await loyalty.retrieveProgramSettings()
      expect(settings.earning.rates).toEqual({ eur: "1", sek: "0.1" })
      expect(settings.redemption.rates).toEqual({ eur: "100", sek: "10" })
    })
  },
})

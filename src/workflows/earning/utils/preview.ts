import type { MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MathBN,
  MedusaError,
  Modules,
  QueryContext,
} from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { pointsForPurchase } from "../../../rules/earning"
import { productPlacement, runningCampaigns } from "./order-earning"

export type PurchasePreview = {
  variant_id: string
  quantity: number
  currency_code: string
  /** What the purchase would cost at today's price. */
  amount: string
  points: number
  multiplier: string
  campaign_ids: string[]
}

/**
 * The points buying `quantity` of a variant in a region would earn now, for
 * a member (their tier multiplier) or anyone (base rate). Same rules as the
 * order itself, so a widget never redoes the math.
 */
export async function previewPurchasePoints(
  container: MedusaContainer,
  input: { variant_id: string; quantity: number; region_id: string; customer_id?: string | null }
): Promise<PurchasePreview> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const {
    data: [region],
  } = await query.graph({
    entity: "region",
    fields: ["id", "currency_code", "countries.iso_2"],
    filters: { id: input.region_id },
  })
  if (!region) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Region with id: ${input.region_id} was not found`)
  }
  const {
    data: [variant],
  } = await query.graph({
    entity: "variant",
    fields: ["id", "product_id", "calculated_price.*"],
    filters: { id: input.variant_id },
    context: {
      calculated_price: QueryContext({ region_id: region.id, currency_code: region.currency_code }),
    },
  })
  const price = (variant as any)?.calculated_price
  if (!variant || !price?.calculated_amount) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Variant with id: ${input.variant_id} has no price in region ${region.id}`
    )
  }

  const settings = await loyalty.retrieveProgramSettings()
  const now = new Date()
  const total = MathBN.mult(price.calculated_amount, input.quantity)
  const inclusive = !!price.is_calculated_price_tax_inclusive
  const [placement, campaigns, multiplier, taxTotal] = await Promise.all([
    productPlacement(container, [variant.product_id as string]),
    runningCampaigns(loyalty, now),
    input.customer_id ? loyalty.retrieveEarnMultiplier(input.customer_id, settings) : Promise.resolve("1"),
    inclusive && settings.earning.net_of_tax
      ? includedTax(container, variant, total, region)
      : Promise.resolve(MathBN.convert(0)),
  ])
  const place = placement.get(variant.product_id as string)
  const earning = pointsForPurchase(
    {
      items: [
        {
          total,
          tax_total: taxTotal,
          is_tax_inclusive: inclusive,
          product_id: variant.product_id as string,
          collection_id: place?.collection_id ?? null,
          category_ids: place?.category_ids ?? [],
        },
      ],
      rate: settings.earning.rates[region.currency_code.toLowerCase()],
      tier_multiplier: multiplier,
      campaigns,
      net_of_tax: settings.earning.net_of_tax,
    },
    now
  )
  return {
    variant_id: variant.id,
    quantity: input.quantity,
    currency_code: region.currency_code,
    amount: total.toString(),
    points: earning.points,
    multiplier,
    campaign_ids: earning.campaign_ids,
  }
}

/** The tax inside a tax-inclusive amount, at the rates of the region's first country. */
async function includedTax(container: MedusaContainer, variant: any, total: any, region: any) {
  const tax = container.resolve(Modules.TAX)
  const country = region.countries?.[0]?.iso_2
  if (!country) {
    return MathBN.convert(0)
  }
  const lines = await tax.getTaxLines(
    [
      {
        id: variant.id,
        product_id: variant.product_id,
        quantity: 1,
        unit_price: total,
        currency_code: region.currency_code,
      },
    ] as any,
    { address: { country_code: country } }
  )
  const rate = (lines as any[]).reduce((sum, line) => MathBN.add(sum, line.rate ?? 0), MathBN.convert(0))
  return MathBN.div(MathBN.mult(total, rate), MathBN.add(100, rate))
}

import {
  layerProgramSettings,
  programSettingsSchema,
  resolveProgramSettings,
} from "../program/program-settings"
import LoyaltyModuleService from "../service"

describe("program settings", () => {
  it("layers options over the defaults section by section", () => {
    const settings = resolveProgramSettings({
      earning: { pending_days: 30, rates: { sek: "10" } },
      storefront_url: "https://shop.example.fi",
    })
    expect(settings.earning.pending_days).toBe(30)
    expect(settings.earning.rates).toEqual({ sek: "10" })
    expect(settings.earning.review_points).toBe(20)
    expect(settings.redemption.rates).toEqual({ eur: "100" })
    expect(settings.storefront_url).toBe("https://shop.example.fi")
  })

  it("replaces unit names whole, and needs English ones", () => {
    const merged = layerProgramSettings(programSettingsSchema.parse({}), {
      unit: { fi: { one: "piste", other: "pistettä" } },
    })
    const result = programSettingsSchema.safeParse(merged)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0].message).toMatch(/English names/)
  })

  it.each([
    [{ earning: { rates: { EUR: "1" } } }, /three lower-case letters/],
    [{ earning: { rates: { eur: "-1" } } }, /positive decimal/],
    [{ redemption: { max_cart_share_percent: 150 } }, /max_cart_share_percent|150|100/],
    [{ storefront_url: "not a url" }, /storefront_url|URL/i],
  ])("refuses %j", (layer, message) => {
    expect(() => resolveProgramSettings(layer)).toThrow(message)
  })

  it("stops the module from starting with an invalid `program` option, naming the field", () => {
    expect(
      () =>
        new LoyaltyModuleService({ baseRepository: {} as any }, {
          program: { earning: { pending_days: -1 } },
        })
    ).toThrow(/Invalid Kapy plugin option "program": earning.pending_days/)
  })
})

import { demoPageEnabled } from "../options"

describe("the demo page is served only to an app that opts in", () => {
  it("is off by default: no options, other options, or anything but true", () => {
    expect(demoPageEnabled(undefined)).toBe(false)
    expect(demoPageEnabled({ plugins: [{ resolve: "medusa-plugin-kapy", options: {} }], modules: {} } as any)).toBe(false)
    expect(demoPageEnabled({ plugins: [{ resolve: "medusa-plugin-kapy", options: { demo_page: "yes" } }], modules: {} } as any)).toBe(false)
    expect(demoPageEnabled({ plugins: [{ resolve: "other-plugin", options: { demo_page: true } }], modules: {} } as any)).toBe(false)
  })

  it("is on with demo_page: true on Kapy's plugin entry, or on its loyalty module in the dev app", () => {
    expect(demoPageEnabled({ plugins: [{ resolve: "medusa-plugin-kapy", options: { demo_page: true } }], modules: {} } as any)).toBe(true)
    expect(
      demoPageEnabled({ plugins: [], modules: { kapy_loyalty: { resolve: "./src/modules/loyalty", options: { demo_page: true } } } } as any)
    ).toBe(true)
  })
})

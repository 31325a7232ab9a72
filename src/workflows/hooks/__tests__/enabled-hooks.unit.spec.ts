import { hookEnabledIn } from "../utils/enabled-hooks"

describe("which core-flow hooks Kapy registers", () => {
  const asPlugin = (options: Record<string, unknown>) => ({
    plugins: [{ resolve: "@medusajs/loyalty-plugin", options: {} }, { resolve: "medusa-plugin-kapy", options }],
    modules: {},
  })
  const asModule = (options: Record<string, unknown>) => ({
    plugins: [],
    modules: { kapy_loyalty: { resolve: "./src/modules/loyalty", options } },
  })

  it("registers every hook by default", () => {
    expect(hookEnabledIn(undefined, "completeCartValidate")).toBe(true)
    expect(hookEnabledIn(asPlugin({}), "completeCartValidate")).toBe(true)
    expect(hookEnabledIn(asPlugin({ hooks: { completeCartValidate: true } }), "completeCartValidate")).toBe(true)
  })

  it("leaves a hook to the shop when the plugin's options say false", () => {
    expect(hookEnabledIn(asPlugin({ hooks: { completeCartValidate: false } }), "completeCartValidate")).toBe(false)
  })

  it("switches the early-access hooks apart from the others", () => {
    const options = asPlugin({ hooks: { addToCartValidate: false } })
    expect(hookEnabledIn(options, "addToCartValidate")).toBe(false)
    expect(hookEnabledIn(options, "createCartValidate")).toBe(true)
    expect(hookEnabledIn(options, "completeCartValidate")).toBe(true)
  })

  it("reads the options of Kapy's module in an app that lists the module itself", () => {
    expect(hookEnabledIn(asModule({ hooks: { completeCartValidate: false } }), "completeCartValidate")).toBe(false)
  })

  it.each([
    [{ completeCartValidat: false }, /"hooks.completeCartValidat": Kapy's hooks are completeCartValidate/],
    [{ completeCartValidate: "no" }, /"hooks.completeCartValidate": expected true or false/],
    [false, /"hooks": expected an object/],
  ])("refuses hooks: %j, naming the field", (hooks, message) => {
    expect(() => hookEnabledIn(asPlugin({ hooks }), "completeCartValidate")).toThrow(message)
  })
})

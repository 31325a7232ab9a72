export * from "./handlers/complete-cart-validate"
export { kapyHookEnabled, KAPY_PLUGIN_NAME } from "./utils/enabled-hooks"

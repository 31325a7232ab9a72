export * from "./handlers/complete-cart-validate"
export * from "./handlers/early-access-validate"
export { kapyHookEnabled, KAPY_PLUGIN_NAME } from "./utils/enabled-hooks"

export * from "./loyalty"
export * from "./earning"
export * from "./campaigns"
export * from "./redemption"

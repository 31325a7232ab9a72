export * from "./loyalty"
export * from "./plugin"

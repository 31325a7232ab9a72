export * from "./loyalty"
export * from "./plugin"
export * from "./awards"
export * from "./privacy"

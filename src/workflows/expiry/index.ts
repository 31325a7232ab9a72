export * from "./steps/expire-points"
export * from "./steps/record-expiry-warnings"
export * from "./workflows/expire-loyalty-points"

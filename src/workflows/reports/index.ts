export * from "./steps/roll-up-reports"
export * from "./workflows/roll-up-reports"

export * from "./steps/award-imported-rows"
export * from "./utils/award-rows"
export * from "./utils/read-awards-csv"
export * from "./workflows/import-points-awards"

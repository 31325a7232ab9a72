export * from "./steps/award-imported-rows"
export * from "./workflows/import-points-awards"

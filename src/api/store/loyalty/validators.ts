import { z } from "@medusajs/framework/zod"
import { paginationParams } from "../../utils/pagination"

export const StoreGetLoyaltyTransactionsParams = z.strictObject({
  ...paginationParams({ limit: 20, maxLimit: 100 }),
})
export type StoreGetLoyaltyTransactionsParamsType = z.infer<
  typeof StoreGetLoyaltyTransactionsParams
>

import { STORE_ENTRY_FIELDS } from "../../utils/loyalty-views"

export const storeLoyaltyTransactionsQueryConfig = {
  defaults: STORE_ENTRY_FIELDS,
  allowed: STORE_ENTRY_FIELDS,
  defaultLimit: 20,
  isList: true,
}

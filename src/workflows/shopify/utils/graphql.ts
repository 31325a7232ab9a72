/** The Admin GraphQL documents the adapter sends, in one place (the stand-in checks their shapes). */

export const DISCOUNT_CODE_BASIC_CREATE = `mutation KapyDiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
    codeDiscountNode { id }
    userErrors { field code message }
  }
}`

export const DISCOUNT_CODE_DELETE = `mutation KapyDiscountCodeDelete($id: ID!) {
  discountCodeDelete(id: $id) {
    deletedCodeDiscountId
    userErrors { field code message }
  }
}`

export const DISCOUNT_CODE_USAGE = `query KapyDiscountCodeUsage($id: ID!) {
  codeDiscountNode(id: $id) {
    id
    codeDiscount { ... on DiscountCodeBasic { asyncUsageCount } }
  }
}`

/**
 * Orders updated since a mark, oldest first: `$first` orders, each with its
 * first `$lines` line items (the rest through ORDER_LINE_ITEMS).
 */
export const ORDERS_SINCE = (selection: string) => `query KapyOrdersSince($first: Int!, $after: String, $query: String, $lines: Int!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { ${selection} }
  }
}`

/** The line items of one order after a cursor (an order with more lines than a page of ORDERS_SINCE carries). */
export const ORDER_LINE_ITEMS = (lineSelection: string) => `query KapyOrderLineItems($id: ID!, $first: Int!, $after: String) {
  order(id: $id) {
    id
    lineItems(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { ${lineSelection} }
    }
  }
}`

/**
 * A refund's item lines after a cursor, as `refunds/create` carries them
 * (`refund_line_items`): what reconciliation values a refund by. Cost:
 * the refund 1, the connection 2 + `first` × (the line 1, its subtotal's
 * MoneyBag and MoneyV2 2, its line item 1) = 403 for 100 lines.
 */
export const REFUND_LINE_ITEMS = `query KapyRefundLineItems($id: ID!, $first: Int!, $after: String) {
  refund(id: $id) {
    id
    refundLineItems(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { quantity subtotalSet { shopMoney { amount } } lineItem { isGiftCard } }
    }
  }
}`
export const REFUND_LINES_PER_PAGE = 100

/**
 * Shopify refuses a query whose requested cost is over 1 000 points
 * (MAX_COST_EXCEEDED), before running it. The cost, by Shopify's rules
 * (an object 1, a scalar or enum 0, a connection 2 plus `first` times one
 * node), of the selections Kapy reads:
 * - a line item (ORDER_LINE_SELECTION): itself 1, product 1, the unit
 *   price's MoneyBag and MoneyV2 2, its discount allocations 3, its tax
 *   lines 3: 10;
 * - an order (ORDER_FACTS_SELECTION) without its lines: itself 1,
 *   customer 1, customAttributes 1, refunds 3, plus its lineItems
 *   connection: 2 + lines × 10.
 */
export const SINGLE_QUERY_MAX_COST = 1000
export const LINE_ITEM_COST = 10
export const ordersPageCost = (orders: number, lines: number) => 2 + orders * (6 + 2 + lines * LINE_ITEM_COST)
export const lineItemsPageCost = (lines: number) => 1 + 2 + lines * LINE_ITEM_COST

/** The most orders a page of ORDERS_SINCE may hold within `budget` points (at least 1). */
export function ordersPageSize(lines: number, budget = 900) {
  return Math.max(1, Math.floor((budget - 2) / (6 + 2 + lines * LINE_ITEM_COST)))
}

export const customerGid = (id: string) => `gid://shopify/Customer/${id}`

export const METAFIELDS_SET = `mutation KapyMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { key namespace ownerType }
    userErrors { field code message }
  }
}`

export const TAGS_ADD = `mutation KapyTagsAdd($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) {
    node { id }
    userErrors { field message }
  }
}`

export const TAGS_REMOVE = `mutation KapyTagsRemove($id: ID!, $tags: [String!]!) {
  tagsRemove(id: $id, tags: $tags) {
    node { id }
    userErrors { field message }
  }
}`

export const SEGMENT_CREATE = `mutation KapySegmentCreate($name: String!, $query: String!) {
  segmentCreate(name: $name, query: $query) {
    segment { id }
    userErrors { field message }
  }
}`

export const DISCOUNT_AUTOMATIC_BASIC_CREATE = `mutation KapyDiscountAutomaticBasicCreate($automaticBasicDiscount: DiscountAutomaticBasicInput!) {
  discountAutomaticBasicCreate(automaticBasicDiscount: $automaticBasicDiscount) {
    automaticDiscountNode { id }
    userErrors { field code message }
  }
}`

export const DISCOUNT_AUTOMATIC_BASIC_UPDATE = `mutation KapyDiscountAutomaticBasicUpdate($id: ID!, $automaticBasicDiscount: DiscountAutomaticBasicInput!) {
  discountAutomaticBasicUpdate(id: $id, automaticBasicDiscount: $automaticBasicDiscount) {
    automaticDiscountNode { id }
    userErrors { field code message }
  }
}`

export const DISCOUNT_AUTOMATIC_DELETE = `mutation KapyDiscountAutomaticDelete($id: ID!) {
  discountAutomaticDelete(id: $id) {
    deletedAutomaticDiscountId
    userErrors { field code message }
  }
}`

/**
 * Adds to a customer's store credit (an owner id: Shopify makes the
 * account in that currency when there is none), expiring at `expiresAt`.
 */
export const STORE_CREDIT_ACCOUNT_CREDIT = `mutation KapyStoreCreditAccountCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
  storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
    storeCreditAccountTransaction { id expiresAt amount { amount currencyCode } }
    userErrors { field code message }
  }
}`

/** Takes an amount off a customer's store credit in that currency (a credit rolled back). */
export const STORE_CREDIT_ACCOUNT_DEBIT = `mutation KapyStoreCreditAccountDebit($id: ID!, $debitInput: StoreCreditAccountDebitInput!) {
  storeCreditAccountDebit(id: $id, debitInput: $debitInput) {
    storeCreditAccountTransaction { id }
    userErrors { field code message }
  }
}`

/**
 * A credit transaction's remaining amount: what debits left of it, and,
 * once it has expired, what lapsed unused (Shopify's own definition).
 */
export const STORE_CREDIT_REMAINING = `query KapyStoreCreditRemaining($id: ID!) {
  node(id: $id) {
    ... on StoreCreditAccountCreditTransaction { id expiresAt remainingAmount { amount currencyCode } }
  }
}`

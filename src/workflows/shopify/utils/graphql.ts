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

export const ORDERS_SINCE = (selection: string) => `query KapyOrdersSince($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { ${selection} }
  }
}`

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

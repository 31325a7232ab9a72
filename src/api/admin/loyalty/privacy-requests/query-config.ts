/** What the list and the detail show of a privacy request: everything but the export itself (downloaded apart). */
export const PRIVACY_REQUEST_FIELDS = [
  "id",
  "shop_domain",
  "data_request_id",
  "shopify_customer_id",
  "email",
  "account_id",
  "status",
  "created_at",
  "updated_at",
]

export const adminPrivacyRequestsQueryConfig = {
  defaults: PRIVACY_REQUEST_FIELDS,
  allowed: PRIVACY_REQUEST_FIELDS,
  defaultLimit: 20,
  isList: true,
}

export const adminPrivacyRequestQueryConfig = {
  defaults: PRIVACY_REQUEST_FIELDS,
  allowed: PRIVACY_REQUEST_FIELDS,
  isList: false,
}

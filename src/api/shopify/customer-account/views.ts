import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { STORE_ENTRY_FIELDS, waysToEarn } from "../../utils/loyalty-views"
import { MEMBER_ENTRY_FILTERS, memberRecordsPage } from "../../utils/member-records"
import { loadShopifyMeView } from "../proxy/views"

/** How many ledger entries the extension's block shows. */
export const RECENT_ENTRIES = 5

/**
 * What Kapy's customer-account extension shows a Shopify customer: the app
 * proxy's `/me` (account with balance, tier, progress and referral link;
 * referrals), their newest ledger entries, and whether Kapy knows them yet.
 * A customer Kapy has not met (`member: false`) gets the program's ways to
 * earn for a join prompt instead of an error; `unit` names the points.
 * Reads only.
 */
export async function loadCustomerAccountView(scope: MedusaContainer, shopifyCustomerId: string, language?: string | null) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const member = await loyalty.retrieveMemberContext({ provider: "shopify", external_id: shopifyCustomerId })
  const account = member.account
  const [me, entries, { settings }] = await Promise.all([
    loadShopifyMeView(scope, member, language),
    memberRecordsPage(scope, member, "loyalty_entry", { fields: STORE_ENTRY_FIELDS, pagination: { take: RECENT_ENTRIES, skip: 0 } }, MEMBER_ENTRY_FILTERS),
    loyalty.retrieveProgram({ token: member.program_token }),
  ])
  return {
    member: !!account,
    /** The program's names of its points, per language (`en` always). */
    unit: settings.unit,
    ...me,
    recent_entries: entries.data,
    /** For a customer Kapy has not met yet (null for a member): what joining earns. */
    join: account ? null : { ways_to_earn: waysToEarn(settings) },
  }
}

import { z } from "@medusajs/framework/zod"

/**
 * Consent decisions: the program itself and marketing per channel; what is
 * left out stays as it was. `text_version`: the version of the texts the
 * shopper was shown (default the program's current one).
 */
export const StoreRecordLoyaltyConsents = z
  .strictObject({
    program: z.boolean().optional(),
    marketing: z
      .strictObject({ email: z.boolean().optional(), sms: z.boolean().optional(), push: z.boolean().optional() })
      .optional(),
    text_version: z.string().trim().min(1).max(40).optional(),
  })
  .refine((v) => v.program !== undefined || Object.values(v.marketing ?? {}).some((x) => x !== undefined), {
    message: "program or marketing: at least one consent decision is needed",
    path: ["program"],
  })
export type StoreRecordLoyaltyConsentsType = z.infer<typeof StoreRecordLoyaltyConsents>

/** The decisions in the body, as purposes. */
export function consentDecisions(body: StoreRecordLoyaltyConsentsType) {
  const decisions: { purpose: "program" | "marketing_email" | "marketing_sms" | "marketing_push"; granted: boolean }[] = []
  if (body.program !== undefined) {
    decisions.push({ purpose: "program", granted: body.program })
  }
  for (const channel of ["email", "sms", "push"] as const) {
    const granted = body.marketing?.[channel]
    if (granted !== undefined) {
      decisions.push({ purpose: `marketing_${channel}`, granted })
    }
  }
  return decisions
}

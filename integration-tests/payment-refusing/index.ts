import { AbstractPaymentProvider, ModuleProvider, Modules, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { randomUUID } from "crypto"

/**
 * A payment provider that refuses every authorisation, for tests of what a
 * failed payment leaves behind. Registered only when KAPY_TEST_PAYMENT_PROVIDERS
 * is set (see medusa-config.ts): id `pp_refusing_refusing`.
 */
class RefusingPaymentProvider extends AbstractPaymentProvider {
  static identifier = "refusing"

  // AbstractPaymentProvider's constructor is protected; ModuleProvider needs a public one.
  constructor(cradle: Record<string, unknown>, config?: Record<string, unknown>) {
    super(cradle, config)
  }

  async initiatePayment() {
    return { id: randomUUID(), data: {} }
  }
  async authorizePayment() {
    return { status: PaymentSessionStatus.ERROR, data: { reason: "card declined" } }
  }
  async getPaymentStatus() {
    return { status: PaymentSessionStatus.ERROR }
  }
  async retrievePayment() {
    return {}
  }
  async updatePayment() {
    return { data: {} }
  }
  async deletePayment() {
    return { data: {} }
  }
  async capturePayment() {
    return { data: {} }
  }
  async refundPayment() {
    return { data: {} }
  }
  async cancelPayment() {
    return { data: {} }
  }
  async getWebhookActionAndData() {
    return { action: PaymentActions.NOT_SUPPORTED }
  }
}

export default ModuleProvider(Modules.PAYMENT, { services: [RefusingPaymentProvider] })

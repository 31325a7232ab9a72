// Each spec boots Medusa afresh; MikroORM keeps entity metadata in a global
// store that must not carry over from the previous spec.
const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

MetadataStorage.clear()

// The test app registers a payment provider that refuses every payment
// (integration-tests/payment-refusing), read by medusa-config.ts at boot.
process.env.KAPY_TEST_PAYMENT_PROVIDERS = "true"

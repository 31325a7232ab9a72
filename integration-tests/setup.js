// Each spec boots Medusa afresh; MikroORM keeps entity metadata in a global
// store that must not carry over from the previous spec.
const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

MetadataStorage.clear()

// The test app registers a payment provider that refuses every payment
// (integration-tests/payment-refusing), read by medusa-config.ts at boot.
process.env.KAPY_TEST_PAYMENT_PROVIDERS = "true"

// Kapy's jobs never fire on the clock in the test app (a quarter-hourly
// reconcile once ran in the middle of the reconcile test): the tests run
// each job as Medusa's scheduler does, when they ask (integration-tests/jobs.ts).
process.env.KAPY_JOBS_OFF_THE_CLOCK = "true"

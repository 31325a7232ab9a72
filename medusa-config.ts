import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/**
 * The dev/demo app of this repository. It loads Kapy's own modules straight
 * from src/ (not through `plugins`, which would register Kapy's hooks a
 * second time) and Medusa's loyalty plugin beside it, so that running both
 * in one shop stays tested.
 */
const kapyOptions = {
  program: {
    storefront_url: process.env.KAPY_STOREFRONT_URL || "http://localhost:8000",
  },
  // Tests only (own-validate-hook.spec): the shop registers its own
  // completeCartWorkflow validate handler, so Kapy must not register its own.
  ...(process.env.KAPY_TEST_OWN_VALIDATE_HOOK === "true"
    ? { hooks: { completeCartValidate: false } }
    : {}),
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000,http://localhost:9000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS || "http://localhost:9000,http://localhost:8000,http://localhost:5173",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.KAPY_DISABLE_ADMIN === "true",
  },
  modules: [
    { resolve: "./src/modules/loyalty", options: kapyOptions },
    { resolve: "./src/modules/reviews" },
    // Tests only: a provider that refuses payment, beside Medusa's system provider.
    ...(process.env.KAPY_TEST_PAYMENT_PROVIDERS === "true"
      ? [
          {
            resolve: "@medusajs/medusa/payment",
            options: {
              providers: [
                { resolve: `${process.cwd()}/integration-tests/payment-refusing`, id: "refusing" },
              ],
            },
          },
        ]
      : []),
  ],
  plugins: [
    { resolve: "@medusajs/loyalty-plugin", options: {} },
  ],
})

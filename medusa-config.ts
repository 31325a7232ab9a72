import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/**
 * The Shopify adapter, from the environment; without SHOPIFY_SHOP the
 * adapter is inert (its routes answer 404) and the app works as before.
 */
const shopify = process.env.SHOPIFY_SHOP
  ? {
      shop: process.env.SHOPIFY_SHOP,
      api_key: process.env.SHOPIFY_API_KEY ?? "",
      api_secret: process.env.SHOPIFY_API_SECRET ?? "",
      ...(process.env.SHOPIFY_ACCESS_TOKEN ? { access_token: process.env.SHOPIFY_ACCESS_TOKEN } : {}),
      ...(process.env.SHOPIFY_AUTH ? { auth: process.env.SHOPIFY_AUTH as "oauth" | "client_credentials" } : {}),
      ...(process.env.SHOPIFY_API_VERSION ? { api_version: process.env.SHOPIFY_API_VERSION } : {}),
      ...(process.env.SHOPIFY_ADMIN_API_URL ? { admin_api_url: process.env.SHOPIFY_ADMIN_API_URL } : {}),
      ...(process.env.SHOPIFY_APP_URL ? { app_url: process.env.SHOPIFY_APP_URL } : {}),
    }
  : undefined

/**
 * The dev/demo app of this repository. It loads Kapy's own modules straight
 * from src/ (not through `plugins`, which would register Kapy's hooks a
 * second time) and Medusa's loyalty plugin beside it, so that running both
 * in one shop stays tested.
 */
const kapyOptions = {
  // Whether Medusa customers' emails count as verified (joins them with Shopify customers of the same email).
  ...(process.env.KAPY_MEDUSA_EMAILS_VERIFIED === "true" ? { medusa_emails_verified: true } : {}),
  program: {
    storefront_url: process.env.KAPY_STOREFRONT_URL || "http://localhost:8000",
  },
  // The widgets' demo page at /kapy/demo (off unless an app opts in, as this one does).
  demo_page: true,
  // Tests only (own-validate-hook.spec): the shop registers its own
  // completeCartWorkflow validate handler, so Kapy must not register its own.
  ...(process.env.KAPY_TEST_OWN_VALIDATE_HOOK === "true"
    ? { hooks: { completeCartValidate: false } }
    : {}),
}

/**
 * With REDIS_URL set (production, and `npm run test:cluster`), Medusa's
 * Redis event bus, workflow engine and locking replace the in-process
 * ones, so several server and worker processes share events, scheduled
 * jobs and cart locks. docs/install-and-production.md has the same for a shop.
 */
const redisUrl = process.env.REDIS_URL
const redisModules = redisUrl
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl, jobOptions: { attempts: 3, backoff: { type: "exponential", delay: 1000 } } } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }],
        },
      },
    ]
  : []
const workerMode = (process.env.MEDUSA_WORKER_MODE || "shared") as "shared" | "worker" | "server"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    workerMode,
    ...(redisUrl ? { redisUrl } : {}),
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000,http://localhost:9000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS || "http://localhost:9000,http://localhost:8000,http://localhost:5173",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    // a worker serves no admin
    disable: process.env.KAPY_DISABLE_ADMIN === "true" || workerMode === "worker",
  },
  modules: [
    ...redisModules,
    { resolve: "./src/modules/loyalty", options: kapyOptions },
    { resolve: "./src/modules/reviews" },
    { resolve: "./src/modules/shopify", options: { shopify } },
    // Member notifications (Kapy sends through Medusa's Notification Module): the
    // local provider logs each message; a shop configures its own for "email".
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/notification-local", id: "local", options: { name: "Local notifications", channels: ["email"] } },
        ],
      },
    },
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

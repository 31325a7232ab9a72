const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const testMatchByType = {
  unit: ["**/src/**/__tests__/**/*.unit.spec.[jt]s", "**/storefront-widgets/**/__tests__/*.unit.spec.[jt]s", "**/shopify-app/**/__tests__/*.unit.spec.[jt]s"],
  "integration:modules": ["**/src/modules/*/__tests__/**/*.spec.[jt]s"],
  "integration:http": ["**/integration-tests/http/**/*.spec.[jt]s"],
  "integration:browser": ["**/integration-tests/browser/**/*.spec.[jt]s"],
}

// The browser suite shares one dev app (and its seeded database) started once.
const browserSuite =
  process.env.TEST_TYPE === "integration:browser"
    ? {
        globalSetup: "./integration-tests/browser/support/global-setup.ts",
        globalTeardown: "./integration-tests/browser/support/global-teardown.ts",
        testSequencer: "./integration-tests/browser/support/sequencer.js",
        testTimeout: 240_000,
      }
    : {}

module.exports = {
  ...browserSuite,
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true, tsx: true },
          transform: { react: { runtime: "automatic" } },
        },
      },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.kapy/"],
  setupFiles: ["./integration-tests/setup.js"],
  testMatch: testMatchByType[process.env.TEST_TYPE || "unit"],
  testPathIgnorePatterns:
    process.env.TEST_TYPE === "integration:modules"
      ? ["/node_modules/", "\\.unit\\.spec\\.[jt]s$"]
      : ["/node_modules/"],
}

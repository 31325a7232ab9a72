/**
 * Benchmarks that need a booted Medusa app run under jest with Medusa's
 * integration test runner, which provides the app, a fresh database and
 * teardown. They print measurements and ratios; they assert no timings.
 */
const base = require("../jest.config")

module.exports = {
  ...base,
  rootDir: "..",
  testMatch: ["<rootDir>/bench/**/*.bench.ts"],
  testPathIgnorePatterns: ["/node_modules/"],
}

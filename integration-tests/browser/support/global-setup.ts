import { startDevApp } from "./dev-app"

/**
 * Starts the dev app once for the browser suite; tests read its address from
 * KAPY_BROWSER_URL (see `appUrl()` in ./browser).
 */
export default async function globalSetup() {
  const app = await startDevApp()
  process.env.KAPY_BROWSER_URL = app.url
  process.env.KAPY_BROWSER_DATABASE_URL = app.databaseUrl
  ;(globalThis as any).__KAPY_DEV_APP__ = app
}

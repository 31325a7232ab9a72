import type { DevApp } from "./dev-app"

export default async function globalTeardown() {
  const app = (globalThis as any).__KAPY_DEV_APP__ as DevApp | undefined
  await app?.stop()
}

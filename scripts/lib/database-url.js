/**
 * The database the dev app and the CLI use: DATABASE_URL when set, otherwise
 * the embedded PostgreSQL whose data lives in .kapy/pgdata (kept between
 * runs, ignored by git), with the database "kapy_dev" created on first use.
 */
const path = require("path")
const { startEmbeddedPostgres } = require("./embedded-postgres")

const ROOT = path.resolve(__dirname, "..", "..")
const DEV_DATABASE = "kapy_dev"

async function resolveDatabaseUrl({ log = () => {} } = {}) {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} }
  }
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(ROOT, ".kapy", "pgdata"),
    port: 54320,
    persistent: true,
    log,
  })
  const created = await pg.createDatabase(DEV_DATABASE)
  return { url: pg.url(DEV_DATABASE), embedded: true, created, port: pg.port, stop: () => pg.stop() }
}

module.exports = { resolveDatabaseUrl, ROOT }

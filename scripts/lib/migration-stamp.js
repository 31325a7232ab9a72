/**
 * Whether `npm run dev` may skip `medusa db:migrate`: the last successful
 * migration of this database is remembered in .kapy/dev-migrated.json with
 * a fingerprint of everything that brings migrations (the lockfile, and so
 * Medusa's own packages; Kapy's module migrations; the module links;
 * medusa-config.ts) and the number of migrations the database recorded.
 * Any change to either, or a database made anew, migrates again.
 */
const crypto = require("crypto")
const fs = require("fs")
const path = require("path")
const { Client } = require("pg")

const ROOT = path.resolve(__dirname, "..", "..")
const STAMP = path.join(ROOT, ".kapy", "dev-migrated.json")

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(full) : [full]
  })
}

/** A hash of the inputs that decide which migrations exist. */
function migrationFingerprint() {
  const hash = crypto.createHash("sha256")
  const modules = path.join(ROOT, "src", "modules")
  const inputs = [
    path.join(ROOT, "package-lock.json"),
    path.join(ROOT, "medusa-config.ts"),
    ...filesUnder(path.join(ROOT, "src", "links")),
    ...fs
      .readdirSync(modules)
      .flatMap((name) => filesUnder(path.join(modules, name, "migrations")))
      .filter((file) => file.endsWith(".ts")),
  ].sort()
  for (const file of inputs) {
    hash.update(path.relative(ROOT, file))
    hash.update(fs.existsSync(file) ? fs.readFileSync(file) : "")
  }
  return hash.digest("hex")
}

/** How many migrations the database has recorded (module, link and script migrations), or null when it has none. */
async function recordedMigrations(databaseUrl) {
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_name IN ('mikro_orm_migrations', 'link_module_migrations', 'script_migrations')`
    )
    if (!rows.some((r) => r.table_name === "mikro_orm_migrations")) return null
    let total = 0
    for (const { table_name } of rows) {
      total += (await client.query(`SELECT count(*)::int AS n FROM "${table_name}"`)).rows[0].n
    }
    return total
  } finally {
    await client.end()
  }
}

function databaseKey(databaseUrl) {
  return crypto.createHash("sha256").update(databaseUrl).digest("hex").slice(0, 16)
}

function readStamps() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, "utf8"))
  } catch {
    return {}
  }
}

/** True when this database was migrated with today's inputs and still holds what that migration recorded. */
async function migrationsUpToDate(databaseUrl) {
  const stamp = readStamps()[databaseKey(databaseUrl)]
  if (!stamp || stamp.fingerprint !== migrationFingerprint()) return false
  return (await recordedMigrations(databaseUrl).catch(() => null)) === stamp.recorded
}

/** Remembers a successful `medusa db:migrate` of this database. */
async function rememberMigrated(databaseUrl) {
  const stamps = readStamps()
  stamps[databaseKey(databaseUrl)] = {
    fingerprint: migrationFingerprint(),
    recorded: await recordedMigrations(databaseUrl),
    at: new Date().toISOString(),
  }
  fs.mkdirSync(path.dirname(STAMP), { recursive: true })
  fs.writeFileSync(STAMP, JSON.stringify(stamps, null, 2))
}

module.exports = { migrationsUpToDate, rememberMigrated, migrationFingerprint }

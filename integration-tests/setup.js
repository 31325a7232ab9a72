// Each spec boots Medusa afresh; MikroORM keeps entity metadata in a global
// store that must not carry over from the previous spec.
const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

MetadataStorage.clear()

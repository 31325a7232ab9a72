const Sequencer = require("@jest/test-sequencer").default

/**
 * The browser files share one dev app and its seeded demo members, so they
 * run in one order whatever jest's cache holds (jest would otherwise put
 * the slowest or largest first): the shopper's widgets see the seeded shop
 * before the admin's tests add entries and orders to the same members.
 */
const ORDER = ["widgets.spec", "shopify-theme.spec", "admin-login.spec", "admin-loyalty.spec"]

class BrowserSequencer extends Sequencer {
  sort(tests) {
    const rank = (path) => {
      const i = ORDER.findIndex((name) => path.includes(`/${name}.`))
      return i === -1 ? ORDER.length : i
    }
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path))
  }
}

module.exports = BrowserSequencer

import { DEMO_TEXTS, type DemoTexts } from "./texts"

/**
 * The demo page's HTML: a plain page (no framework, no build) that uses the
 * widgets the way a merchant would — one script tag, the elements, and the
 * store API for what the shop itself does (login, cart, checkout). Its own
 * words come from ./texts in the page's language (`?lang=fi`, or the
 * language menu); money is formatted by `Intl` in that language, as the
 * widgets do.
 */
export type DemoPageInput = { publishableKey: string | null; regionId: string | null; regionName: string | null; lang?: "en" | "fi" }

const DEMO_PASSWORD = "kapy-demo-2026"

/** JSON for a <script> block: nothing in it can close the tag. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c")
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!)
}

export function demoPage(input: DemoPageInput): string {
  const lang = input.lang ?? "en"
  const texts = DEMO_TEXTS[lang]
  /** An element's text in the page's language; `data-t` lets the script change it with the language. */
  const t = (key: keyof DemoTexts) => `data-t="${key}">${escapeHtml(texts[key].replace("{password}", DEMO_PASSWORD))}`

  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title ${t("title")}</title>
<link rel="icon" href="data:,">
<style>
  :root { --kapy-accent: #1f6b45; }
  body { font-family: system-ui, sans-serif; margin: 0; background: #f3f5f4; color: #1d232b; }
  header { background: #1f3b2d; color: #fff; padding: 0.75rem 1.5rem; display: flex; gap: 1rem; align-items: center; justify-content: space-between; flex-wrap: wrap; }
  header h1 { font-size: 1.25rem; margin: 0; }
  header select { font: inherit; }
  main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; display: grid; gap: 1.5rem; }
  section.box { background: #fff; border: 1px solid #d5dbe1; border-radius: 12px; padding: 1rem; }
  h2 { font-size: 1.1rem; margin: 0 0 0.75rem; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; align-items: start; }
  .products { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: 1rem; }
  .product { border: 1px solid #d5dbe1; border-radius: 10px; padding: 0.75rem; display: grid; gap: 0.4rem; }
  form { display: grid; gap: 0.5rem; max-width: 22rem; }
  label { display: grid; gap: 0.2rem; font-size: 0.9rem; }
  input { font: inherit; padding: 0.4rem; border: 1px solid #7a8590; border-radius: 6px; }
  button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 8px; border: 1px solid #1f6b45; background: #1f6b45; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #1f6b45; }
  button:disabled { opacity: 0.5; cursor: default; }
  .row { display: flex; gap: 1rem; flex-wrap: wrap; align-items: flex-start; }
  .error { color: #b3261e; }
  .muted { color: #515b66; font-size: 0.9rem; }
  #cart-lines { margin: 0; padding-left: 1.2rem; }
  .hint { font-size: 0.9rem; background: #eef4f0; border-radius: 8px; padding: 0.5rem 0.75rem; }
  .sums { display: grid; grid-template-columns: auto auto; justify-content: start; gap: 0.2rem 1rem; margin: 0.5rem 0; font-size: 0.95rem; }
  .sums dd { margin: 0; text-align: right; }
</style>
</head>
<body>
<header>
  <h1 ${t("heading")}</h1>
  <label style="display:flex;gap:0.5rem;align-items:center;color:#fff"><span ${t("language")}</span>
    <select id="lang"><option value="en">English</option><option value="fi">Suomi</option></select>
  </label>
</header>
<main>
  <section class="box" id="account" aria-labelledby="account-h">
    <h2 id="account-h" ${t("account")}</h2>
    <div id="logged-out">
      <p class="hint" ${t("hint")}</p>
      <div class="row">
        <form id="login-form" aria-labelledby="login-h">
          <h3 id="login-h" ${t("login")}</h3>
          <label><span ${t("email")}</span> <input name="email" type="email" autocomplete="username" required value="aino@example.com"></label>
          <label><span ${t("password")}</span> <input name="password" type="password" autocomplete="current-password" required></label>
          <button type="submit" ${t("login")}</button>
        </form>
        <form id="register-form" aria-labelledby="register-h">
          <h3 id="register-h" ${t("join")}</h3>
          <label><span ${t("firstName")}</span> <input name="first_name" autocomplete="given-name" required></label>
          <label><span ${t("email")}</span> <input name="email" type="email" autocomplete="email" required></label>
          <label><span ${t("password")}</span> <input name="password" type="password" autocomplete="new-password" required minlength="8"></label>
          <button type="submit" ${t("createAccount")}</button>
        </form>
      </div>
    </div>
    <div id="logged-in" hidden>
      <p><span ${t("loggedInAs")}</span> <strong id="who"></strong> <button id="logout" class="secondary" type="button" ${t("logout")}</button></p>
    </div>
    <p id="account-error" class="error" role="alert"></p>
  </section>

  <section class="box" aria-labelledby="w-h">
    <h2 id="w-h" ${t("rewards")}</h2>
    <div class="grid">
      <kapy-balance id="w-balance"></kapy-balance>
      <kapy-tier-progress id="w-tier"></kapy-tier-progress>
      <kapy-referral id="w-referral" link-base="/kapy/demo"></kapy-referral>
    </div>
  </section>

  <section class="box" aria-labelledby="p-h">
    <h2 id="p-h" ${t("products")}</h2>
    <div class="products" id="products"><p class="muted" ${t("loadingProducts")}</p></div>
  </section>

  <section class="box" aria-labelledby="c-h">
    <h2 id="c-h" ${t("cart")}</h2>
    <div class="grid">
      <div>
        <ul id="cart-lines"></ul>
        <dl id="cart-sums" class="sums"></dl>
        <p><span ${t("total")}</span>: <strong id="cart-total" aria-live="polite">–</strong></p>
        <button id="checkout" type="button" disabled ${t("placeOrder")}</button>
        <p id="cart-message" role="status"></p>
      </div>
      <kapy-redeem id="w-redeem"></kapy-redeem>
    </div>
  </section>

  <section class="box" aria-labelledby="e-h">
    <h2 id="e-h" ${t("earnHistory")}</h2>
    <div class="grid">
      <kapy-ways-to-earn id="w-ways"></kapy-ways-to-earn>
      <kapy-history id="w-history" page-size="5"></kapy-history>
    </div>
  </section>
</main>
<kapy-launcher id="w-launcher"></kapy-launcher>

<script>window.KapyConfig = ${scriptJson({ baseUrl: "", publishableKey: input.publishableKey ?? undefined })};</script>
<script src="/kapy/widgets/kapy-widgets.iife.js"></script>
<script>
(function () {
  var KEY = ${scriptJson(input.publishableKey)};
  var REGION = ${scriptJson(input.regionId)};
  var TEXTS = ${scriptJson(DEMO_TEXTS)};
  var PASSWORD = ${scriptJson(DEMO_PASSWORD)};
  var TOKEN = "medusa_auth_token";
  var $ = function (id) { return document.getElementById(id); };
  var customer = null;
  var cart = null;
  var products = null;
  var productsError = null;
  /** the last message of the cart, as a text key and its values (re-said in a new language) */
  var cartNote = null;

  function lang() { return document.documentElement.lang === "fi" ? "fi" : "en"; }
  function t(key, values) {
    values = values || {};
    return (TEXTS[lang()][key] || TEXTS.en[key]).replace(/\\{(\\w+)\\}/g, function (_, k) { return values[k] === undefined ? "" : String(values[k]); });
  }
  function applyTexts() {
    document.querySelectorAll("[data-t]").forEach(function (el) { el.textContent = t(el.getAttribute("data-t"), { password: PASSWORD }); });
  }

  function cartPath(id) { return "/store/carts/" + id + "?fields=%2Bitems.total,%2Bshipping_methods.amount,%2Bshipping_methods.name"; }

  function token() { return localStorage.getItem(TOKEN); }

  async function api(path, options) {
    options = options || {};
    var headers = { "content-type": "application/json", "x-publishable-api-key": KEY || "" };
    var tk = options.token === "none" ? null : options.token || token();
    if (tk) headers.authorization = "Bearer " + tk;
    var res = await fetch(path, { method: options.method || "GET", headers: headers, body: options.body ? JSON.stringify(options.body) : undefined });
    var data = await res.json().catch(function () { return null; });
    if (!res.ok) throw new Error((data && data.message) || res.statusText);
    return data;
  }

  /** Money in the page's language: the same Intl format as the widgets use. */
  function money(amount, currency) {
    return new Intl.NumberFormat(lang() === "fi" ? "fi-FI" : "en-US", { style: "currency", currency: currency.toUpperCase() }).format(amount);
  }

  function cartKey() { return "kapy_demo_cart:" + (customer ? customer.id : "guest"); }

  function note(key, values) { cartNote = key ? { key: key, values: values || {} } : null; showNote(); }
  function showNote() {
    var n = cartNote;
    $("cart-message").textContent = !n ? "" : t(n.key, Object.assign({}, n.values, n.values.amount !== undefined ? { total: money(n.values.amount, n.values.currency) } : {}));
  }

  function sum(label, value, id) {
    var dt = document.createElement("dt"); dt.textContent = label;
    var dd = document.createElement("dd"); dd.textContent = value; if (id) dd.id = id;
    $("cart-sums").append(dt, dd);
  }

  function showCart() {
    var lines = $("cart-lines");
    lines.innerHTML = "";
    $("cart-sums").innerHTML = "";
    var items = cart && cart.items || [];
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.quantity + " × " + item.product_title + " — " + money(item.total, cart.currency_code);
      lines.appendChild(li);
    });
    if (!items.length) {
      var empty = document.createElement("li"); empty.className = "muted"; empty.textContent = t("emptyCart");
      lines.appendChild(empty);
    }
    if (cart && items.length) {
      sum(t("subtotal"), money(cart.item_total, cart.currency_code));
      (cart.shipping_methods || []).forEach(function (m) { sum(t("shipping", { name: m.name }), money(m.amount, cart.currency_code), "cart-shipping"); });
      if (cart.credit_line_total) sum(t("conesPaid"), "−" + money(cart.credit_line_total, cart.currency_code));
    }
    $("cart-total").textContent = cart ? money(cart.total, cart.currency_code) : "–";
    $("checkout").disabled = !cart || !items.length || !customer;
    if (cart) {
      $("w-redeem").setAttribute("cart-id", cart.id);
      $("w-launcher").setAttribute("cart-id", cart.id);
    } else {
      $("w-redeem").removeAttribute("cart-id");
      $("w-launcher").removeAttribute("cart-id");
    }
  }

  async function loadCart() {
    cart = null;
    var id = localStorage.getItem(cartKey());
    if (id) {
      try {
        cart = (await api(cartPath(id))).cart;
        if (cart.completed_at) cart = null;
      } catch (e) { cart = null; }
    }
    showCart();
  }

  async function ensureCart() {
    if (cart) return cart;
    cart = (await api("/store/carts", { method: "POST", body: { region_id: REGION } })).cart;
    localStorage.setItem(cartKey(), cart.id);
    return cart;
  }

  /** The demo ships everything to one address: the shipping is on the cart (and in its total) before the order. */
  async function ensureShipping() {
    if ((cart.shipping_methods || []).length) return;
    var c = customer || {};
    var address = { first_name: c.first_name || "Demo", last_name: c.last_name || "Shopper", address_1: "Aleksanterinkatu 5", city: "Helsinki", postal_code: "00100", country_code: "fi" };
    var body = { shipping_address: address, billing_address: address };
    if (c.email) body.email = c.email;
    await api("/store/carts/" + cart.id, { method: "POST", body: body });
    var options = (await api("/store/shipping-options?cart_id=" + cart.id)).shipping_options;
    if (options.length) await api("/store/carts/" + cart.id + "/shipping-methods", { method: "POST", body: { option_id: options[0].id } });
  }

  async function addToCart(variantId) {
    note(null);
    try {
      await ensureCart();
      cart = (await api("/store/carts/" + cart.id + "/line-items", { method: "POST", body: { variant_id: variantId, quantity: 1 } })).cart;
      cart = (await api(cartPath(cart.id))).cart;
      await ensureShipping();
      cart = (await api(cartPath(cart.id))).cart;
      showCart();
      document.dispatchEvent(new CustomEvent("kapy:cart-changed", { detail: { cart_id: cart.id } }));
    } catch (e) { note("couldNotAdd", { message: e.message }); }
  }

  async function checkout() {
    var btn = $("checkout");
    btn.disabled = true;
    note("placing");
    try {
      await ensureShipping();
      if (customer) await api("/store/carts/" + cart.id, { method: "POST", body: { email: customer.email } });
      var current = (await api(cartPath(cart.id))).cart;
      if (current.total > 0) {
        var collection = (await api("/store/payment-collections", { method: "POST", body: { cart_id: cart.id } })).payment_collection;
        await api("/store/payment-collections/" + collection.id + "/payment-sessions", { method: "POST", body: { provider_id: "pp_system_default" } });
      }
      var withCones = current.credit_line_total > 0;
      var done = await api("/store/carts/" + cart.id + "/complete", { method: "POST", body: {} });
      if (done.type !== "order") throw new Error((done.error && done.error.message) || "the cart could not be completed");
      localStorage.removeItem(cartKey());
      cart = null;
      showCart();
      note(withCones ? "placedWithCones" : "placed", { n: done.order.display_id, amount: done.order.total, currency: done.order.currency_code });
      // the widgets read the account and history again, and again while the order's cones are credited
      document.dispatchEvent(new CustomEvent("kapy:order-placed", { detail: { order_id: done.order.id } }));
    } catch (e) {
      note("couldNotOrder", { message: e.message });
      btn.disabled = false;
    }
  }

  function showProducts() {
    var box = $("products");
    if (productsError) { box.textContent = t("couldNotLoad", { message: productsError }); return; }
    if (!products) return;
    box.innerHTML = "";
    products.forEach(function (p) {
      var v = p.variants[0];
      var price = v.calculated_price;
      var el = document.createElement("div");
      el.className = "product";
      var h = document.createElement("h3"); h.textContent = p.title; h.id = "product-" + p.id; h.style.margin = "0"; h.style.fontSize = "1rem";
      var pr = document.createElement("p"); pr.style.margin = "0"; pr.textContent = price ? money(price.calculated_amount, price.currency_code) : "";
      var pts = document.createElement("kapy-product-points");
      pts.setAttribute("variant-id", v.id); pts.setAttribute("region-id", REGION);
      var b = document.createElement("button"); b.type = "button"; b.textContent = t("addToCart");
      b.setAttribute("aria-describedby", h.id);
      b.addEventListener("click", function () { addToCart(v.id); });
      el.append(h, pr, pts, b);
      box.appendChild(el);
    });
  }

  async function loadProducts() {
    try {
      products = (await api("/store/products?limit=4&region_id=" + REGION + "&fields=id,title,*variants.calculated_price")).products;
    } catch (e) { productsError = e.message; }
    showProducts();
  }

  async function signedIn() {
    try {
      customer = token() ? (await api("/store/customers/me")).customer : null;
    } catch (e) {
      customer = null;
      localStorage.removeItem(TOKEN);
    }
    $("logged-out").hidden = !!customer;
    $("logged-in").hidden = !customer;
    $("who").textContent = customer ? customer.email : "";
    await Kapy.reload();
    await loadCart();
  }

  async function login(email, password) {
    var data = await api("/auth/customer/emailpass", { method: "POST", body: { email: email, password: password }, token: "none" });
    localStorage.setItem(TOKEN, data.token);
  }

  function accountError(key, message) { $("account-error").textContent = key ? t(key, { message: message }) : ""; }

  $("login-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    accountError(null);
    var f = event.target;
    try {
      await login(f.email.value, f.password.value);
      await signedIn();
    } catch (e) { accountError("couldNotLogIn", e.message); }
  });

  $("register-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    accountError(null);
    var f = event.target;
    try {
      var reg = await api("/auth/customer/emailpass/register", { method: "POST", body: { email: f.email.value, password: f.password.value }, token: "none" });
      await api("/store/customers", { method: "POST", body: { email: f.email.value, first_name: f.first_name.value }, token: reg.token });
      await login(f.email.value, f.password.value);
      await signedIn();
    } catch (e) { accountError("couldNotRegister", e.message); }
  });

  $("logout").addEventListener("click", async function () {
    localStorage.removeItem(TOKEN);
    await signedIn();
  });

  $("checkout").addEventListener("click", checkout);
  document.addEventListener("kapy:redeemed", function (event) {
    if (event.detail && event.detail.cart) { cart = Object.assign({}, cart, event.detail.cart); showCart(); }
    api(cartPath(cart.id)).then(function (d) { cart = d.cart; showCart(); });
  });
  document.addEventListener("kapy:join", function () { $("register-form").querySelector("input").focus(); });

  var select = $("lang");
  var asked = new URLSearchParams(location.search).get("lang");
  if (asked === "fi" || asked === "en") document.documentElement.lang = asked;
  select.value = lang();
  function languageChanged() {
    applyTexts();
    showProducts();
    showCart();
    showNote();
  }
  select.addEventListener("change", function () {
    document.documentElement.lang = select.value;
    languageChanged();
  });
  languageChanged();
  if (!KEY) $("account-error").textContent = t("noKey");
  loadProducts();
  signedIn();
})();
</script>
</body>
</html>
`
}

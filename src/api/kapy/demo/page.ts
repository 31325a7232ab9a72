/**
 * The demo page's HTML: a plain page (no framework, no build) that uses the
 * widgets the way a merchant would — one script tag, the elements, and the
 * store API for what the shop itself does (login, cart, checkout).
 */
export type DemoPageInput = { publishableKey: string | null; regionId: string | null; regionName: string | null }

/** JSON for a <script> block: nothing in it can close the tag. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c")
}

export function demoPage(input: DemoPageInput): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kapy widgets demo</title>
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
</style>
</head>
<body>
<header>
  <h1>Metsäpuoti · Kapy widgets demo</h1>
  <label style="display:flex;gap:0.5rem;align-items:center;color:#fff">Language
    <select id="lang"><option value="en">English</option><option value="fi">Suomi</option></select>
  </label>
</header>
<main>
  <section class="box" id="account" aria-labelledby="account-h">
    <h2 id="account-h">Your account</h2>
    <div id="logged-out">
      <p class="hint">Demo members: aino@example.com, eero@example.com, sofia@example.com — password <code>kapy-demo-2026</code>.</p>
      <div class="row">
        <form id="login-form" aria-labelledby="login-h">
          <h3 id="login-h">Log in</h3>
          <label>Email <input name="email" type="email" autocomplete="username" required value="aino@example.com"></label>
          <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
          <button type="submit">Log in</button>
        </form>
        <form id="register-form" aria-labelledby="register-h">
          <h3 id="register-h">Join (new customer)</h3>
          <label>First name <input name="first_name" autocomplete="given-name" required></label>
          <label>Email <input name="email" type="email" autocomplete="email" required></label>
          <label>Password <input name="password" type="password" autocomplete="new-password" required minlength="8"></label>
          <button type="submit">Create account</button>
        </form>
      </div>
    </div>
    <div id="logged-in" hidden>
      <p>Logged in as <strong id="who"></strong>. <button id="logout" class="secondary" type="button">Log out</button></p>
    </div>
    <p id="account-error" class="error" role="alert"></p>
  </section>

  <section class="box" aria-labelledby="w-h">
    <h2 id="w-h">Your rewards</h2>
    <div class="grid">
      <kapy-balance id="w-balance"></kapy-balance>
      <kapy-tier-progress id="w-tier"></kapy-tier-progress>
      <kapy-referral id="w-referral"></kapy-referral>
    </div>
  </section>

  <section class="box" aria-labelledby="p-h">
    <h2 id="p-h">Products</h2>
    <div class="products" id="products"><p class="muted">Loading products…</p></div>
  </section>

  <section class="box" aria-labelledby="c-h">
    <h2 id="c-h">Cart</h2>
    <div class="grid">
      <div>
        <ul id="cart-lines"></ul>
        <p>Total: <strong id="cart-total" aria-live="polite">–</strong></p>
        <button id="checkout" type="button" disabled>Place order</button>
        <p id="cart-message" role="status"></p>
      </div>
      <kapy-redeem id="w-redeem"></kapy-redeem>
    </div>
  </section>

  <section class="box" aria-labelledby="e-h">
    <h2 id="e-h">Earn and history</h2>
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
  var TOKEN = "medusa_auth_token";
  var $ = function (id) { return document.getElementById(id); };
  var customer = null;
  var cart = null;

  function cartPath(id) { return "/store/carts/" + id + "?fields=%2Bitems.total"; }

  function token() { return localStorage.getItem(TOKEN); }

  async function api(path, options) {
    options = options || {};
    var headers = { "content-type": "application/json", "x-publishable-api-key": KEY || "" };
    var t = options.token === "none" ? null : options.token || token();
    if (t) headers.authorization = "Bearer " + t;
    var res = await fetch(path, { method: options.method || "GET", headers: headers, body: options.body ? JSON.stringify(options.body) : undefined });
    var data = await res.json().catch(function () { return null; });
    if (!res.ok) throw new Error((data && data.message) || res.statusText);
    return data;
  }

  function money(amount, currency) {
    var lang = document.documentElement.lang === "fi" ? "fi-FI" : "en-US";
    return new Intl.NumberFormat(lang, { style: "currency", currency: currency.toUpperCase() }).format(amount);
  }

  function cartKey() { return "kapy_demo_cart:" + (customer ? customer.id : "guest"); }

  function showCart() {
    var lines = $("cart-lines");
    lines.innerHTML = "";
    (cart && cart.items || []).forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.quantity + " × " + item.product_title + " — " + money(item.total, cart.currency_code);
      lines.appendChild(li);
    });
    $("cart-total").textContent = cart ? money(cart.total, cart.currency_code) : "–";
    $("checkout").disabled = !cart || !(cart.items || []).length;
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

  async function addToCart(variantId) {
    $("cart-message").textContent = "";
    try {
      await ensureCart();
      cart = (await api("/store/carts/" + cart.id + "/line-items", { method: "POST", body: { variant_id: variantId, quantity: 1 } })).cart;
      cart = (await api(cartPath(cart.id))).cart;
      showCart();
      document.dispatchEvent(new CustomEvent("kapy:cart-changed", { detail: { cart_id: cart.id } }));
    } catch (e) { $("cart-message").textContent = "Could not add to the cart: " + e.message; }
  }

  async function checkout() {
    var btn = $("checkout");
    btn.disabled = true;
    $("cart-message").textContent = "Placing the order…";
    try {
      var address = { first_name: customer.first_name || "Demo", last_name: customer.last_name || "Shopper", address_1: "Aleksanterinkatu 5", city: "Helsinki", postal_code: "00100", country_code: "fi" };
      await api("/store/carts/" + cart.id, { method: "POST", body: { shipping_address: address, billing_address: address, email: customer.email } });
      var options = (await api("/store/shipping-options?cart_id=" + cart.id)).shipping_options;
      if (options.length) await api("/store/carts/" + cart.id + "/shipping-methods", { method: "POST", body: { option_id: options[0].id } });
      var current = (await api(cartPath(cart.id))).cart;
      if (current.total > 0) {
        var collection = (await api("/store/payment-collections", { method: "POST", body: { cart_id: cart.id } })).payment_collection;
        await api("/store/payment-collections/" + collection.id + "/payment-sessions", { method: "POST", body: { provider_id: "pp_system_default" } });
      }
      var done = await api("/store/carts/" + cart.id + "/complete", { method: "POST", body: {} });
      if (done.type !== "order") throw new Error((done.error && done.error.message) || "the cart could not be completed");
      localStorage.removeItem(cartKey());
      cart = null;
      showCart();
      $("cart-message").textContent = "Order #" + done.order.display_id + " placed: " + money(done.order.total, done.order.currency_code) + " paid by card, the rest with cones.";
      Kapy.reload();
    } catch (e) {
      $("cart-message").textContent = "Could not place the order: " + e.message;
      btn.disabled = false;
    }
  }

  async function loadProducts() {
    var box = $("products");
    try {
      var data = await api("/store/products?limit=4&region_id=" + REGION + "&fields=id,title,*variants.calculated_price");
      box.innerHTML = "";
      data.products.forEach(function (p) {
        var v = p.variants[0];
        var price = v.calculated_price;
        var el = document.createElement("div");
        el.className = "product";
        var h = document.createElement("h3"); h.textContent = p.title; h.id = "product-" + p.id; h.style.margin = "0"; h.style.fontSize = "1rem";
        var pr = document.createElement("p"); pr.style.margin = "0"; pr.textContent = price ? money(price.calculated_amount, price.currency_code) : "";
        var pts = document.createElement("kapy-product-points");
        pts.setAttribute("variant-id", v.id); pts.setAttribute("region-id", REGION);
        var b = document.createElement("button"); b.type = "button"; b.textContent = "Add to cart";
        b.setAttribute("aria-describedby", h.id);
        b.addEventListener("click", function () { addToCart(v.id); });
        el.append(h, pr, pts, b);
        box.appendChild(el);
      });
    } catch (e) { box.textContent = "Could not load products: " + e.message; }
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

  $("login-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    $("account-error").textContent = "";
    var f = event.target;
    try {
      await login(f.email.value, f.password.value);
      await signedIn();
    } catch (e) { $("account-error").textContent = "Could not log in: " + e.message; }
  });

  $("register-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    $("account-error").textContent = "";
    var f = event.target;
    try {
      var reg = await api("/auth/customer/emailpass/register", { method: "POST", body: { email: f.email.value, password: f.password.value }, token: "none" });
      await api("/store/customers", { method: "POST", body: { email: f.email.value, first_name: f.first_name.value }, token: reg.token });
      await login(f.email.value, f.password.value);
      await signedIn();
    } catch (e) { $("account-error").textContent = "Could not create the account: " + e.message; }
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
  select.value = document.documentElement.lang;
  select.addEventListener("change", function () {
    document.documentElement.lang = select.value;
    showCart();
  });
  if (!KEY) $("account-error").textContent = "This store has no publishable API key on its default sales channel.";
  loadProducts();
  signedIn();
})();
</script>
</body>
</html>
`
}

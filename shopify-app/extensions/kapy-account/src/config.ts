/**
 * The Kapy (Medusa) backend's public address, the host of shopify.app.toml's
 * URLs: replace kapy.example.com there and here before `shopify app deploy`
 * (a unit test holds the two together).
 */
export const KAPY_URL = "https://kapy.example.com"

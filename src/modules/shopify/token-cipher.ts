import { createCipheriv, createDecipheriv, randomBytes } from "crypto"

/**
 * Encrypts offline Admin API tokens at rest with AES-256-GCM: a fresh IV
 * per token, the auth tag checked on reading (a changed ciphertext or the
 * wrong key throws instead of returning garbage). The key is 32 bytes,
 * given as 64 hex digits or base64.
 */
export class TokenCipher {
  private readonly key: Buffer

  constructor(key: string) {
    const bytes = /^[0-9a-f]{64}$/i.test(key) ? Buffer.from(key, "hex") : Buffer.from(key, "base64")
    if (bytes.length !== 32) {
      throw new Error("Invalid Kapy plugin option shopify.token_encryption_key: must be 32 bytes (64 hex digits or base64)")
    }
    this.key = bytes
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv("aes-256-gcm", this.key, iv)
    const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()])
    return [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64")).join(".")
  }

  decrypt(sealed: string): string {
    const [iv, tag, data] = sealed.split(".").map((part) => Buffer.from(part, "base64"))
    const decipher = createDecipheriv("aes-256-gcm", this.key, iv)
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8")
  }
}

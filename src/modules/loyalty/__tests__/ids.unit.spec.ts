import { generateEntityId } from "@medusajs/framework/utils"
import { newEntityId } from "../ids"

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{26}$/

describe("newEntityId", () => {
  it("makes ids in Medusa's format: the prefix, an underscore and an upper-case ULID of today's time", () => {
    const ours = newEntityId("kent")
    const medusa = generateEntityId(undefined, "kent")
    expect(ours).toMatch(/^kent_/)
    expect(ours.slice(5)).toMatch(CROCKFORD)
    expect(ours.length).toBe(medusa.length)
    // the first ten characters are the millisecond time: ours sorts with Medusa's made in the same second
    expect(ours.slice(5, 12)).toBe(medusa.slice(5, 12))
  })

  it("never repeats over 200 000 ids and uses every random character about equally", () => {
    const ids = Array.from({ length: 200_000 }, () => newEntityId("klot"))
    expect(new Set(ids).size).toBe(ids.length)
    const counts = new Map<string, number>()
    for (const id of ids) {
      for (const ch of id.slice(15)) {
        counts.set(ch, (counts.get(ch) ?? 0) + 1)
      }
    }
    expect(counts.size).toBe(32)
    const expected = (200_000 * 16) / 32
    for (const n of counts.values()) {
      expect(Math.abs(n - expected) / expected).toBeLessThan(0.02)
    }
  })
})

import { MedusaError } from "@medusajs/framework/utils"

/**
 * A CONFLICT the caller can act on ("Not enough points: …", a reused
 * idempotency key). Medusa's HTTP error handler swaps the message of plain
 * CONFLICT errors for a generic retry hint meant for database races; marked
 * as an HTTP error it answers 409 with this message instead.
 */
export function conflictError(message: string): MedusaError {
  return Object.assign(new MedusaError(MedusaError.Types.CONFLICT, message), {
    status: 409,
    statusCode: 409,
    expose: true,
  })
}

/**
 * Workflows hand errors back serialized (plain objects, no prototype), which
 * drops what marks a conflict as an HTTP error. This restores it, and leaves
 * every other error as it is.
 */
export function restoreConflictError(error: unknown): unknown {
  const e = error as { type?: string; statusCode?: number; expose?: boolean; message?: string }
  if (
    e &&
    !(error instanceof Error) &&
    e.type === MedusaError.Types.CONFLICT &&
    e.statusCode === 409 &&
    e.expose
  ) {
    return conflictError(String(e.message))
  }
  return error
}

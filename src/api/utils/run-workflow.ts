import { restoreConflictError } from "../../modules/loyalty/errors"

/**
 * Awaits a workflow run from a route, so that a conflict raised inside it
 * ("Not enough points: …") reaches the client as a 409 with its message.
 */
export async function runForRoute<T>(run: Promise<T>): Promise<T> {
  try {
    return await run
  } catch (error) {
    throw restoreConflictError(error)
  }
}

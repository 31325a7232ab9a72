import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { GET as storeProgram } from "../../../store/loyalty/program/route"

/** The program as shoppers see it: the same answer as GET /store/loyalty/program. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => storeProgram(req, res)

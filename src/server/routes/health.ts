/** GET /api/health: the one unauthenticated probe a load balancer or `otbill serve` check needs. */
import { sql } from "kysely";
import { z } from "zod";
import type { Store } from "../../store/database.js";
import { route, type Route } from "../route.js";

export function healthRoutes(store: Store, version: string): Route[] {
  return [
    route({
      method: "GET",
      url: "/api/health",
      tag: "docs",
      summary: "The server answers and its database is reachable",
      response: z.object({ status: z.literal("ok"), version: z.string(), database: z.enum(["sqlite", "postgres"]) }),
      handler: async () => {
        await sql`select 1`.execute(store.db);
        return { status: "ok" as const, version, database: store.dialect };
      },
    }),
  ];
}

/** A web app over a demo store with a chosen signed-in person, for page tests with app.inject(). */
import Fastify, { type FastifyInstance } from "fastify";
import type { Principal, Role } from "../auth/principal.js";
import { loadReference, type Reference } from "../reference/reference.js";
import { installErrorHandlers } from "../server/errors.js";
import { seedDemo, type DemoSummary } from "../store/demo/seed.js";
import { openTestStore, type TestStore } from "../store/test-support/databases.js";
import { registerWebApp } from "./routes.js";
import type { ClaimRecord } from "../store/entities.js";
import { write835, type LineSpec } from "../x12/835/test-support/write-835.js";

export const CSRF = "test-csrf-token";

export function principalFor(role: Role, practiceId: number): Principal {
  return { userId: 1, tokenId: null, email: `${role}@example.test`, role, practiceId, via: "session", csrfToken: CSRF, actor: `user:${role}@example.test` };
}

export interface WebFixture {
  store: TestStore;
  reference: Reference;
  demo: DemoSummary;
  /** the web app as this role sees it (null: nobody signed in) */
  as(role: Role | null): Promise<FastifyInstance>;
  close(): Promise<void>;
}

export async function openWebFixture(patients = 8): Promise<WebFixture> {
  const reference = loadReference();
  const store = await openTestStore("sqlite");
  const demo = await seedDemo(store.db, reference, { patients });
  const apps: FastifyInstance[] = [];
  return {
    store,
    reference,
    demo,
    async as(role) {
      const app = Fastify();
      installErrorHandlers(app);
      registerWebApp(app, { store, reference, principalFor: async () => (role ? principalFor(role, demo.practiceId) : null), today: () => "2026-03-02" });
      await app.ready();
      apps.push(app);
      return app;
    },
    async close() {
      for (const app of apps) await app.close();
      await store.dispose();
    },
  };
}

/** An 835 answering one stored claim, each line charged $50 a unit and answered as `answer` says. */
function answer835(claim: ClaimRecord, traceNumber: string, statusCode: string, answer: (chargeCents: number) => Pick<LineSpec, "paidCents" | "adjustments" | "remarks">): string {
  return write835({
    transactions: [
      {
        traceNumber,
        paymentDate: "2026-03-20",
        claims: [
          {
            claimId: claim.claimNumber,
            statusCode,
            payerClaimControlNumber: `PCN${claim.id}`,
            lines: claim.lines.map((line) => ({
              code: line.code,
              modifiers: line.modifiers,
              units: line.units,
              chargeCents: 5000 * line.units,
              lineId: line.lineId,
              serviceDate: claim.dateOfService,
              ...answer(5000 * line.units),
            })),
          },
        ],
      },
    ],
  });
}

/** An 835 in which the payer denies every line of a stored claim (by default CO-50: not medically necessary). */
export function denial835(claim: ClaimRecord, traceNumber = "EFT-WEB-1", reason = "50"): string {
  return answer835(claim, traceNumber, "4", (charge) => ({ adjustments: [{ group: "CO", reason, amountCents: charge }], remarks: ["N115"] }));
}

/** An 835 in which the payer pays every line of a stored claim in full (status 1, no adjustments). */
export function payment835(claim: ClaimRecord, traceNumber = "EFT-WEB-PAID"): string {
  return answer835(claim, traceNumber, "1", (charge) => ({ paidCents: charge, adjustments: [] }));
}

/** A multipart/form-data body with text fields and one file, for app.inject(). */
export function multipartBody(fields: Record<string, string>, file: { name: string; filename: string; content: string }): { payload: string; headers: Record<string, string> } {
  const boundary = "----otbillTestBoundary7MA4YWxkTrZu0gW";
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: text/plain\r\n\r\n${file.content}\r\n`);
  return { payload: `${parts.join("")}--${boundary}--\r\n`, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

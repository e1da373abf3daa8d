/** A web app over a demo store with a chosen signed-in person, for page tests with app.inject(). */
import Fastify, { type FastifyInstance } from "fastify";
import type { Principal, Role } from "../auth/principal.js";
import { loadReference, type Reference } from "../reference/reference.js";
import { installErrorHandlers } from "../server/errors.js";
import { seedDemo, type DemoSummary } from "../store/demo/seed.js";
import { openTestStore, type TestStore } from "../store/test-support/databases.js";
import { registerWebApp } from "./routes.js";

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

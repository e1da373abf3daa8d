/**
 * The web app's routes, registered as one encapsulated Fastify plugin: its own form and
 * upload parsers and its own error pages (HTML, not the API's JSON), behind the same access
 * layer as the API. Every page checks who is signed in and whether the role may see it;
 * every form post checks the session's CSRF token (hidden field or X-CSRF-Token header).
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import formbody from "@fastify/formbody";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Principal } from "../auth/principal.js";
import { sameSecret } from "../auth/secrets.js";
import { SESSION_COOKIE } from "../auth/sessions.js";
import { isInputError } from "../errors.js";
import { describeError } from "../server/errors.js";
import { homeOf, mayChange, maySee, type Section } from "./access.js";
import { APP_CSS } from "./assets/app-css.js";
import { APP_JS } from "./assets/app-js.js";
import { text, WebRefusal, type PageContext, type WebOptions } from "./context.js";
export { WebRefusal } from "./context.js";
import { html, type Html } from "./html.js";
import { page } from "./layout.js";
import { exportClaims } from "./pages/claim-export.js";
import { denialsPage } from "./pages/denials.js";
import { claimPage, claimsPage, correctClaim } from "./pages/claims.js";
import { patientPage, patientsPage } from "./pages/patients.js";
import { addToken, addUser, revokeApiToken, settingsPage } from "./pages/settings.js";
import { addCharge, addNextCharge, addPhysician, saveCharge, savePhysician } from "./pages/settings-parties.js";
import { disablePracticeUser, saveClearinghouse, savePayer, savePractice, saveProvider } from "./pages/settings-edit.js";
import { MAX_835_BYTES, remittancesPage, resolvePayment, uploadRemittance } from "./pages/remittances.js";
import { signInPage } from "./pages/sign-in.js";
import { buildClaim, replaceFromVisit, saveVisit, visitPage, visitPreview } from "./pages/visit.js";
import { worklistView } from "./pages/worklist.js";
import { principalOf, signIn, signOut } from "./session.js";
import { warmWorklist } from "./worklist-data.js";

const require = createRequire(import.meta.url);

/** The static files: our own two, and the two libraries from node_modules, read once. */
function assets(): Map<string, { type: string; body: string }> {
  const files = new Map<string, { type: string; body: string }>();
  files.set("app.css", { type: "text/css; charset=utf-8", body: APP_CSS });
  files.set("app.js", { type: "text/javascript; charset=utf-8", body: APP_JS });
  files.set("htmx.min.js", { type: "text/javascript; charset=utf-8", body: readFileSync(require.resolve("htmx.org/dist/htmx.min.js"), "utf8") });
  files.set("chart.umd.min.js", { type: "text/javascript; charset=utf-8", body: readFileSync(join(dirname(require.resolve("chart.js")), "chart.umd.min.js"), "utf8") });
  return files;
}

export type PageHandler = (context: PageContext) => Promise<Html | void> | Html | void;

function isHtmx(request: FastifyRequest): boolean {
  return request.headers["hx-request"] === "true";
}

/** Back to the sign-in page, remembering where the person was going (a same-site path only). */
function toSignIn(request: FastifyRequest, reply: FastifyReply, expired: boolean): FastifyReply {
  const next = request.method === "GET" && request.url.startsWith("/") && !request.url.startsWith("//") ? request.url : "/";
  const target = `/sign-in?next=${encodeURIComponent(next)}${expired ? "&expired=1" : ""}`;
  if (isHtmx(request)) return reply.status(401).header("HX-Redirect", target).header("HX-Location", target).send("");
  return reply.redirect(target, 303);
}

function safeNext(value: string): string | undefined {
  return value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : undefined;
}

/** Registers the web app on the server: `registerWebApp(app, { store, reference })` (Fastify queues it). */
export function registerWebApp(app: FastifyInstance, options: WebOptions): void {
  const files = assets();
  const principalFor = options.principalFor ?? principalOf;
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));

  // A listening server scrubs the worklist's visits in the background (app.inject in tests does not listen).
  let closing = false;
  app.addHook("onListen", async () => {
    void warmWorklist(options.store, options.reference, () => closing).catch(() => undefined);
  });
  app.addHook("onClose", async () => {
    closing = true;
  });

  void app.register(async (web) => {
    await web.register(formbody);
    // Only the 835 upload takes files; one file, at most the remit engine's limit.
    await web.register(multipart, { limits: { files: 1, fileSize: MAX_835_BYTES, fields: 10 } });

    web.setErrorHandler((error, request, reply) => {
      const described = describeError(error);
      const status = error instanceof WebRefusal ? error.status : described.status;
      const message = error instanceof WebRefusal || isInputError(error) ? error.message : described.body.error.message;
      // A busy database (503) is another process's write, not a failure of the page.
      if (status >= 500 && described.unexpected) request.log.error({ err: error }, "web page failed");
      const heading = status === 404 ? "Not found" : status === 403 ? "Not allowed" : status === 503 ? "Busy: try again" : status >= 500 ? "Something went wrong" : "That did not work";
      const body = html`<h1>${heading}</h1>
        <div class="error" role="alert">${message}</div><p><a href="/">Back to the start</a></p>`;
      const content = isHtmx(request) ? body : page({ title: "Error", principal: request.principal ?? null }, body);
      return reply.status(status).type("text/html; charset=utf-8").send(content.text);
    });

    web.get("/assets/:name", async (request, reply) => {
      const file = files.get((request.params as { name: string }).name);
      if (!file) throw new WebRefusal(404, "no such file");
      return reply.type(file.type).header("cache-control", "public, max-age=3600").send(file.body);
    });

    web.get("/sign-in", async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const principal = await principalFor(request);
      if (principal) return reply.redirect(safeNext(text(query, "next")) ?? homeOf(principal.role), 303);
      const notice = text(query, "expired") ? "Your session ended. Sign in again." : text(query, "signed-out") ? "You are signed out." : undefined;
      return reply.type("text/html; charset=utf-8").send(signInPage({ next: text(query, "next"), ...(notice ? { notice } : {}) }).text);
    });

    web.post("/sign-in", async (request, reply) => {
      const body = request.body as Record<string, unknown>;
      const email = text(body, "email").trim();
      const password = text(body, "password");
      const next = safeNext(text(body, "next"));
      if (!email || !password) return reply.status(400).type("text/html; charset=utf-8").send(signInPage({ error: "Give your email and your password.", email, next: next ?? "" }).text);
      const outcome = await signIn(app, request, email, password);
      if (!outcome.ok) {
        return reply.status(401).type("text/html; charset=utf-8").send(signInPage({ error: outcome.message ?? "Sign-in failed.", email, next: next ?? "" }).text);
      }
      for (const cookie of outcome.cookies) reply.header("set-cookie", cookie);
      return reply.redirect(next && next !== "/" ? next : "/", 303);
    });

    web.post("/sign-out", async (request, reply) => {
      const principal = await principalFor(request);
      for (const cookie of await signOut(app, request, principal)) reply.header("set-cookie", cookie);
      return reply.redirect("/sign-in?signed-out=1", 303);
    });

    web.get("/", async (request, reply) => {
      const principal = await principalFor(request);
      if (!principal) return toSignIn(request, reply, false);
      return reply.redirect(homeOf(principal.role), 303);
    });

    /** A page for one section: signed in, allowed to see it (and to change it, for posts), CSRF checked. */
    const section = (method: "GET" | "POST", url: string, name: Section, handler: PageHandler, how: { csrfInHandler?: boolean } = {}) => {
      web.route({
        method,
        url,
        handler: async (request, reply) => {
          const principal = await principalFor(request);
          // A session cookie that no longer signs anyone in: the session timed out or was ended.
          if (!principal) return toSignIn(request, reply, Boolean(request.cookies?.[SESSION_COOKIE]));
          if (!maySee(principal.role, name)) throw new WebRefusal(403, `a ${principal.role} may not use ${name}`);
          if (method === "POST") {
            if (!mayChange(principal.role, name)) throw new WebRefusal(403, `a ${principal.role} may not change ${name}`);
            // A multipart form's token is one of its parts: the handler reads and checks it.
            if (!how.csrfInHandler) checkCsrf(request, principal);
          }
          const context: PageContext = { app, store: options.store, reference: options.reference, principal, request, reply, today: today() };
          const answer = await handler(context);
          if (reply.sent) return reply;
          if (answer === undefined) return reply;
          return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(answer.text);
        },
      });
    };

    section("GET", "/worklist", "worklist", worklistView);
    section("GET", "/visits/:id", "worklist", visitPage);
    section("POST", "/visits/:id", "worklist", saveVisit);
    section("POST", "/visits/:id/preview", "worklist", visitPreview);
    section("POST", "/visits/:id/claim", "worklist", buildClaim);
    section("POST", "/visits/:id/replace", "worklist", replaceFromVisit);
    section("GET", "/claims", "claims", claimsPage);
    section("POST", "/claims/export", "claims", exportClaims);
    section("GET", "/claims/:id", "claims", claimPage);
    section("POST", "/claims/:id/correct", "claims", correctClaim);
    section("GET", "/patients", "patients", patientsPage);
    section("GET", "/patients/:id", "patients", patientPage);
    section("GET", "/remittances", "remittances", (context) => remittancesPage(context));
    section("POST", "/remittances", "remittances", uploadRemittance, { csrfInHandler: true });
    section("POST", "/remittances/unmatched/:id", "remittances", resolvePayment);
    section("GET", "/denials", "denials", denialsPage);
    section("GET", "/settings", "settings", (context) => settingsPage(context));
    section("POST", "/settings/practice", "settings", savePractice);
    section("POST", "/settings/providers/:id", "settings", saveProvider);
    section("POST", "/settings/payers/:id", "settings", savePayer);
    section("POST", "/settings/clearinghouse", "settings", saveClearinghouse);
    section("POST", "/settings/users/:id/disable", "settings", disablePracticeUser);
    section("POST", "/settings/physicians", "settings", addPhysician);
    section("POST", "/settings/physicians/:id", "settings", savePhysician);
    section("POST", "/settings/charges", "settings", addCharge);
    section("POST", "/settings/charges/:id", "settings", saveCharge);
    section("POST", "/settings/charges/:id/next", "settings", addNextCharge);
    section("POST", "/settings/users", "settings", addUser);
    section("POST", "/settings/tokens", "settings", addToken);
    section("POST", "/settings/tokens/:id/revoke", "settings", revokeApiToken);
    registerMorePages(section);
  });
}

/** A cookie session's form posts carry its CSRF token; a bearer-token caller needs none. */
function checkCsrf(request: FastifyRequest, principal: Principal): void {
  if (principal.via !== "session" || !principal.csrfToken) return;
  const header = request.headers["x-csrf-token"];
  const given = typeof header === "string" ? header : text(request.body, "_csrf");
  if (!sameSecret(given, principal.csrfToken)) throw new WebRefusal(403, "the form is out of date (CSRF token missing or wrong); reload the page and try again");
}

type Register = (method: "GET" | "POST", url: string, name: Section, handler: PageHandler, options?: { csrfInHandler?: boolean }) => void;

/** The pages beyond the worklist (one module each). */
function registerMorePages(_section: Register): void {}

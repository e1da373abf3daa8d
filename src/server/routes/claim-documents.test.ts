import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../audit/query.js";
import { claimDocument, withField } from "../../claims/test-support/claim-fixtures.js";
import type { Store } from "../../store/database.js";
import { SCENARIOS } from "../../x12/test-support/scenarios.js";
import { HAVE_VALIDATOR, segmentsOf, validateX12 } from "../../x12/test-support/x12-check.js";
import { bearerFor } from "../test-support/auth.js";
import { closeTestApi, openTestApi } from "../test-support/test-api.js";

let store: Store;
let app: FastifyInstance;
let biller: { authorization: string };
beforeAll(async () => {
  ({ store, app, auth: biller } = await openTestApi({ role: "biller" }));
});
afterAll(() => closeTestApi({ store, app }));

/** Every interchange the tests received; the last test validates them together. */
const written: Record<string, string> = {};

function post(url: string, payload: unknown, headers: Record<string, string> = biller) {
  return app.inject({ method: "POST", url, payload: payload as object, headers });
}

describe("POST /api/claims/837", () => {
  it("claim documents -> text/plain X12 that the validator accepts", async () => {
    const response = await post("/api/claims/837?controlNumber=77&usage=P&date=2026-03-12&time=1405", [SCENARIOS.self, SCENARIOS.child, SCENARIOS.replacement]);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/plain; charset=utf-8");
    const segments = segmentsOf(response.body);
    expect(segments[0]!.slice(9, 16)).toEqual(["260312", "1405", "^", "00501", "000000077", "0", "P"]);
    expect(segments.filter((segment) => segment[0] === "CLM").map((segment) => segment.slice(1, 3))).toEqual([
      ["C-SELF", "150"],
      ["C-CHILD", "165"],
      ["C-REPL", "150"],
    ]);
    written["api.837"] = response.body;
  });

  it("a claim that cannot be written: 422 naming the claim and the field, no X12", async () => {
    const response = await post("/api/claims/837", [claimDocument("C-1001"), withField(claimDocument("C-1002"), "subscriber.birthDate", undefined)]);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({ error: { code: "unprocessable", message: "C-1002: subscriber.birthDate: is required", path: "subscriber.birthDate" } });
    const zip = await post("/api/claims/837", [withField(claimDocument("C-1003"), "billingProvider.address.zip", "80202")]);
    expect(zip.statusCode).toBe(422);
    expect(zip.json().error.message).toBe('C-1003: billingProvider.address.zip: must be 9 digits (ZIP+4) for the billing provider (got "80202")');
  });

  it("400 for a body that is not an array of claims and for bad query values", async () => {
    expect((await post("/api/claims/837", claimDocument("C-1"))).json()).toEqual({ error: { code: "invalid_input", message: "the body must be an array of claim documents" } });
    expect((await post("/api/claims/837", [])).statusCode).toBe(400);
    const badUsage = await post("/api/claims/837?usage=X", [claimDocument("C-1")]);
    expect(badUsage.statusCode).toBe(400);
    expect(badUsage.json().error.path).toBe("usage");
  });

  it("audits each export with the claim ids and the outcome, never the patients' names", async () => {
    await post("/api/claims/837?date=2026-03-12&time=0900", [claimDocument("C-AUD1"), claimDocument("C-AUD2")]);
    await post("/api/claims/837", [withField(claimDocument("C-AUD3"), "billingProvider.npi", "1234567890")]);
    const exports = (await listAudit(store.db, { action: "export", resource: "claims" })).items.filter((entry) => JSON.stringify(entry.detail).includes("C-AUD"));
    expect(exports.map((entry) => [entry.outcome, entry.detail])).toEqual([
      ["unprocessable", { format: "837P", claims: 1, claimIds: ["C-AUD3"] }],
      ["success", { format: "837P", claims: 2, claimIds: ["C-AUD1", "C-AUD2"] }],
    ]);
    expect(JSON.stringify(exports)).not.toContain("Doe");
  });

  it("needs a billing role", async () => {
    expect((await post("/api/claims/837", [claimDocument("C-1")], {})).statusCode).toBe(401);
    const therapist = await bearerFor(store, { role: "therapist" });
    expect((await post("/api/claims/837", [claimDocument("C-1")], therapist)).statusCode).toBe(403);
    const admin = await bearerFor(store, { role: "admin" });
    const asAdmin = await post("/api/claims/837?date=2026-03-12&time=0900&senderId=SUNRISE01&receiverQualifier=27&receiverId=CLEARHOUSE", [claimDocument("C-1")], admin);
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.body.split("\n")[1]).toBe("GS*HC*SUNRISE01*CLEARHOUSE*20260312*0900*1*X*005010X222A1~");
    written["admin.837"] = asAdmin.body;
  });

  it.skipIf(!HAVE_VALIDATOR)("every interchange it answered passes the validator", () => {
    expect(Object.keys(written).sort()).toEqual(["admin.837", "api.837"]);
    const result = validateX12(written);
    expect(result.output).not.toContain("Failure");
    expect(result.status).toBe(0);
  });
});

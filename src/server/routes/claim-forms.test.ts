import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimDocument, withField } from "../../claims/test-support/claim-fixtures.js";
import { layoutPages, savePdf, textInBox } from "../../forms/test-support/sample-claims.js";
import type { Store } from "../../store/database.js";
import { bearerFor } from "../test-support/auth.js";
import { closeTestApi, openTestApi } from "../test-support/test-api.js";

let store: Store;
let app: FastifyInstance;
let biller: { authorization: string };
beforeAll(async () => {
  ({ store, app, auth: biller } = await openTestApi({ role: "biller" }));
});
afterAll(() => closeTestApi({ store, app }));

function post(url: string, payload: unknown, headers: Record<string, string> = biller) {
  return app.inject({ method: "POST", url, payload: payload as object, headers });
}

describe("POST /api/claims/1500", () => {
  it("claim documents -> application/pdf, a page a claim, values in their boxes", async () => {
    const response = await post("/api/claims/1500?date=2026-11-04", [claimDocument("C-1001"), claimDocument("C-1002")]);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const path = savePdf(response.rawPayload);
    expect(layoutPages(path)).toHaveLength(2);
    expect(textInBox(path, 1, { lines: [8, 8], columns: [50, 79] })).toBe("1EG4TE5MK72");
    expect(textInBox(path, 2, { lines: [56, 56], columns: [23, 36] })).toBe("C-1002");
    expect(textInBox(path, 1, { lines: [61, 61], columns: [50, 59] })).toBe("1234567893");
    expect(textInBox(path, 1, { lines: [61, 61], columns: [1, 21] })).toBe("11 04 26");
  });

  it("plain=true draws the captions; offsetX/offsetY move the data", async () => {
    const response = await post("/api/claims/1500?plain=true&offsetX=7.2&offsetY=12", [claimDocument("C-1")]);
    expect(response.statusCode).toBe(200);
    const path = savePdf(response.rawPayload);
    expect(layoutPages(path)[0]).toContain("33. BILLING PROVIDER INFO");
    expect(textInBox(path, 1, { lines: [9, 9], columns: [51, 80] })).toContain("1EG4TE5MK72");
  });

  it("a claim that cannot be written: 422 naming the claim and the field, no PDF", async () => {
    const bad = withField(claimDocument("C-1002"), "billingProvider.npi", "1234567890");
    const response = await post("/api/claims/1500", [claimDocument("C-1001"), bad]);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({
      error: { code: "unprocessable", message: 'C-1002: billingProvider.npi: check digit should be 3, not 0 (got "1234567890")', path: "billingProvider.npi" },
    });
    const tooLong = await post("/api/claims/1500", [claimDocument("C-20261104000001")]);
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().error).toMatchObject({ code: "unprocessable", path: "claimId" });
  });

  it("a body that is not an array of claims, a bad date or offset: 400", async () => {
    expect((await post("/api/claims/1500", claimDocument("C-1"))).json().error.message).toBe("the body must be an array of claim documents");
    expect((await post("/api/claims/1500", [])).statusCode).toBe(400);
    expect((await post("/api/claims/1500?date=2026-02-30", [claimDocument("C-1")])).json().error).toMatchObject({ code: "invalid_date", path: "date" });
    expect((await post("/api/claims/1500?offsetY=500", [claimDocument("C-1")])).json().error).toMatchObject({ code: "invalid_input", path: "offset.y" });
    expect((await post("/api/claims/1500?offsetX=left", [claimDocument("C-1")])).json().error).toMatchObject({ code: "invalid_input", path: "offsetX" });
  });

  it("each print is audited with the claim ids and the outcome, never names", async () => {
    const before = await store.db.selectFrom("audit_log").select("id").orderBy("id", "desc").limit(1).executeTakeFirst();
    await post("/api/claims/1500", [claimDocument("C-7001"), claimDocument("C-7002")]);
    await post("/api/claims/1500", [withField(claimDocument("C-7003"), "billingProvider.npi", "1234567890")]);
    const rows = await store.db.selectFrom("audit_log").selectAll().where("id", ">", before?.id ?? 0).where("action", "=", "print").orderBy("id").execute();
    expect(rows.map((row) => [row.resource, row.outcome, JSON.parse(row.detail ?? "null")])).toEqual([
      ["claims", "success", { form: "CMS-1500", claims: 2, claimIds: ["C-7001", "C-7002"] }],
      ["claims", "unprocessable", { form: "CMS-1500", claims: 1, claimIds: ["C-7003"] }],
    ]);
    expect(rows.every((row) => row.actor.startsWith("token:"))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain("Doe");
  });

  it("billing work: a front-desk token is refused, no token is 401", async () => {
    const frontDesk = await bearerFor(store, { role: "front-desk" });
    expect((await post("/api/claims/1500", [claimDocument("C-1")], frontDesk)).statusCode).toBe(403);
    expect((await post("/api/claims/1500", [claimDocument("C-1")], {})).statusCode).toBe(401);
    const admin = await bearerFor(store, { role: "admin" });
    expect((await post("/api/claims/1500", [claimDocument("C-1")], admin)).statusCode).toBe(200);
  });
});

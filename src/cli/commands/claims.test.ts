/** `otbill claims export` through main(), against a SQLite file in a temp folder. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildClaimForVisit } from "../../claims/lifecycle.js";
import { seedClaimsFixture } from "../../claims/test-support/stored-claims.js";
import { validateX12 } from "../../claims/test-support/x12-validate.js";
import { loadReference } from "../../reference/reference.js";
import { claimHistory, getClaim, updateClaim } from "../../store/claims.js";
import { openStore } from "../../store/database.js";
import { visitInput } from "../../store/test-support/fixtures.js";
import { createVisit } from "../../store/visits.js";
import { run } from "../test-support/run-cli.js";

const reference = loadReference();
let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "otbill-cli-claims-"));
  db = join(dir, "practice.sqlite");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function seedReadyClaims(dates: string[]): Promise<{ ids: number[]; practiceId: number }> {
  const store = await openStore({ dialect: "sqlite", file: db });
  try {
    const fixture = await seedClaimsFixture(store.db);
    const ids: number[] = [];
    for (const date of dates) ids.push((await buildClaimForVisit(store.db, reference, (await createVisit(store.db, visitInput(fixture, date))).id)).id);
    return { ids, practiceId: fixture.practice.id };
  } finally {
    await store.close();
  }
}

async function statuses(ids: number[]): Promise<string[]> {
  const store = await openStore({ dialect: "sqlite", file: db });
  try {
    const result: string[] = [];
    for (const id of ids) result.push((await getClaim(store.db, id)).status);
    return result;
  } finally {
    await store.close();
  }
}

describe("otbill claims export", () => {
  it("writes the ready claims as one 837P that validates and marks them submitted", async () => {
    const { ids } = await seedReadyClaims(["2026-02-02", "2026-02-04"]);
    const out = join(dir, "batch.837");
    const answer = await run(["claims", "export", "--format", "837p", "--out", out, "--db", db]);
    expect(answer.code, answer.stderr).toBe(0);
    expect(answer.stderr).toMatch(new RegExp(`^otbill: batch 1 \\(practice 1, interchange 1\\): 2 claims, \\$325\\.00, sha256 [0-9a-f]{64} -> ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n$`));
    const check = validateX12(readFileSync(out, "utf8"));
    expect(check.ok, check.report).toBe(true);
    expect(await statuses(ids)).toEqual(["submitted", "submitted"]);
    const store = await openStore({ dialect: "sqlite", file: db });
    try {
      expect((await claimHistory(store.db, ids[0]!)).at(-1)?.actor).toMatch(/^os:/);
    } finally {
      await store.close();
    }
    expect(await run(["claims", "export", "--format", "837p", "--out", out, "--db", db])).toEqual({ code: 0, stdout: "", stderr: "otbill: no ready claims to export\n" });
  });

  it("a file that cannot be written: exit 2 and no claim changes status", async () => {
    const { ids } = await seedReadyClaims(["2026-02-02"]);
    const locked = join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const answer = await run(["claims", "export", "--format", "837p", "--out", join(locked, "sub", "batch.837"), "--db", db]);
    chmodSync(locked, 0o700);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toContain("nothing was exported and no claim changed status");
    expect(await statuses(ids)).toEqual(["ready"]);
  });

  it("a claim that cannot be written: every problem named, exit 2, nothing changes", async () => {
    const { ids } = await seedReadyClaims(["2026-02-02"]);
    const store = await openStore({ dialect: "sqlite", file: db });
    try {
      await store.db.updateTable("practices").set({ taxonomy: null }).execute();
    } finally {
      await store.close();
    }
    const answer = await run(["claims", "export", "--format", "837p", "--db", db]);
    expect(answer).toEqual({
      code: 2,
      stdout: "",
      stderr: `otbill: C-${ids[0]}: billingProvider.taxonomy: is missing (225X00000X for OT); set it on practice 1 (PATCH /api/practices/1)\notbill: nothing was exported; no claim changed status\n`,
    });
    expect(await statuses(ids)).toEqual(["ready"]);
  });

  it("filters by electronic payer id and refuses a bad format", async () => {
    const { ids } = await seedReadyClaims(["2026-02-02"]);
    expect(await run(["claims", "export", "--format", "837p", "--payer", "60054", "--db", db])).toEqual({ code: 0, stdout: "", stderr: "otbill: no ready claims to export\n" });
    const answer = await run(["claims", "export", "--format", "837p", "--payer", "04112", "--db", db]);
    expect(answer.code).toBe(0);
    expect(answer.stdout.slice(0, 7), answer.stderr + answer.stdout.slice(0, 200)).toBe("ISA*00*");
    expect(await statuses(ids)).toEqual(["submitted"]);
    const bad = await run(["claims", "export", "--format", "csv", "--db", db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('otbill: --format: "csv" is not 837p or 1500\n');
  });
});

describe("otbill claims replace and void", () => {
  async function submit(id: number, controlNumber: string | null): Promise<void> {
    const store = await openStore({ dialect: "sqlite", file: db });
    try {
      const claim = await getClaim(store.db, id);
      await updateClaim(store.db, id, { version: claim.version, status: "submitted", ...(controlNumber ? { payerClaimControlNumber: controlNumber } : {}) }, { actor: "os:test" });
    } finally {
      await store.close();
    }
  }

  it("replaces a sent claim (frequency 7) and voids the replacement (frequency 8) through the lifecycle, audited as the OS user in the same transaction", async () => {
    const { ids } = await seedReadyClaims(["2026-02-02"]);
    const [id] = ids as [number];
    await submit(id, "22260123456");
    const replaced = await run(["claims", "replace", String(id), "--note", "units corrected", "--claim-date", "2026-02-20", "--db", db]);
    expect(replaced).toEqual({ code: 0, stdout: `claim C-${id + 1} (frequency 7, ready) replaces C-${id}, which is now replaced\n`, stderr: "" });
    await submit(id + 1, null);
    const voided = await run(["claims", "void", `C-${id + 1}`, "--db", db]);
    expect(voided).toEqual({ code: 0, stdout: `claim C-${id + 2} (frequency 8, ready) voids C-${id + 1}, which is now void\n`, stderr: "" });
    const store = await openStore({ dialect: "sqlite", file: db });
    try {
      const replacement = await getClaim(store.db, id + 1);
      expect({ frequency: replacement.frequency, replacesClaimId: replacement.replacesClaimId, payerClaimControlNumber: replacement.payerClaimControlNumber, status: replacement.status }).toEqual({
        frequency: "7",
        replacesClaimId: id,
        payerClaimControlNumber: "22260123456",
        status: "void",
      });
      const history = await claimHistory(store.db, id);
      expect(history.map((change) => [change.from, change.to, change.note])).toEqual([
        [null, "ready", null],
        ["ready", "submitted", null],
        ["submitted", "replaced", "units corrected"],
      ]);
      expect(history[2]!.actor).toMatch(/^os:/);
      const audit = await store.db.selectFrom("audit_log").select(["actor", "action", "resource", "resource_id", "outcome", "detail"]).where("resource", "=", "claims").orderBy("id").execute();
      expect(audit.map((row) => [row.action, row.resource_id, row.outcome, row.detail])).toEqual([
        ["update", String(id), "success", JSON.stringify({ correction: "replace", claimId: id + 1 })],
        ["update", String(id + 1), "success", JSON.stringify({ correction: "void", claimId: id + 2 })],
      ]);
      expect(audit.every((row) => row.actor.startsWith("os:"))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("refuses with exit 2 and a message naming the claim, and changes nothing", async () => {
    const { ids } = await seedReadyClaims(["2026-02-02"]);
    const [id] = ids as [number];
    expect(await run(["claims", "replace", String(id), "--db", db])).toEqual({
      code: 2,
      stdout: "",
      stderr: `otbill: claim C-${id} is ready, so it cannot be replaced; it was never sent: change the visit and build the claim again (POST /api/visits/1/claim)\n`,
    });
    await submit(id, null);
    expect(await run(["claims", "void", String(id), "--db", db])).toEqual({
      code: 2,
      stdout: "",
      stderr: `otbill: claim C-${id}: payerClaimControlNumber: the payer's claim control number (835 CLP07) is needed to void a sent claim; give it with --control-number\n`,
    });
    expect(await run(["claims", "void", "999", "--db", db])).toEqual({ code: 2, stdout: "", stderr: "otbill: claim C-999: claim 999 does not exist\n" });
    expect(await statuses([id])).toEqual(["submitted"]);
    const store = await openStore({ dialect: "sqlite", file: db });
    try {
      expect(await store.db.selectFrom("claims").select("id").execute()).toEqual([{ id }]);
      const audit = await store.db.selectFrom("audit_log").select(["resource_id", "outcome"]).where("resource", "=", "claims").orderBy("id").execute();
      expect(audit).toEqual([
        { resource_id: String(id), outcome: "unprocessable" },
        { resource_id: String(id), outcome: "unprocessable" },
        { resource_id: "999", outcome: "not_found" },
      ]);
    } finally {
      await store.close();
    }
  });
});

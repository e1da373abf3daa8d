import { describe, expect, it } from "vitest";
import type { RuleId } from "../../engine/findings.js";
import { loadReference } from "../../reference/reference.js";
import { listClaims } from "../claims.js";
import { scrubStoredVisit } from "../history.js";
import { isValidNpi } from "../npi.js";
import { describeEachDatabase } from "../test-support/databases.js";
import { listVisits } from "../visits.js";
import { generateDemoPractice, type DemoMistake } from "./generate.js";
import { seedDemo } from "./seed.js";

const reference = loadReference();

/** The finding each planted mistake must produce. */
const EXPECTED: Record<DemoMistake, { rule: RuleId; severity: "error" | "warning" | "info" }> = {
  "expired-plan": { rule: "poc.expired", severity: "error" },
  "missing-go": { rule: "modifier.discipline", severity: "info" },
  "ptp-without-distinct": { rule: "ncci.ptp", severity: "warning" },
  "header-icd": { rule: "diagnosis.not-billable", severity: "error" },
  "deleted-97003": { rule: "code.deleted", severity: "error" },
  "pt-code-on-ot-plan": { rule: "code.discipline", severity: "error" },
  "minutes-do-not-add-up": { rule: "documentation.minutes", severity: "warning" },
  "ota-furnished": { rule: "modifier.assistant", severity: "info" },
  "authorization-exceeded": { rule: "authorization.exceeded", severity: "error" },
};

describe("generateDemoPractice", () => {
  const demo = generateDemoPractice();

  it("has 3 OTs and 2 OTAs with valid NPIs, and 40 patients", () => {
    expect(demo.providers.map((provider) => provider.role)).toEqual(["therapist", "therapist", "therapist", "assistant", "assistant"]);
    expect(demo.providers.every((provider) => isValidNpi(provider.npi))).toBe(true);
    expect(isValidNpi(demo.npi)).toBe(true);
    expect(demo.patients).toHaveLength(40);
    expect(new Set(demo.patients.map((patient) => patient.payer))).toEqual(new Set(["medicare", "advantage", "medicaid", "commercial"]));
  });

  it("fills the 8 weeks before the anchor with weekday visits", () => {
    const dates = demo.patients.flatMap((patient) => patient.visits.map((visit) => visit.dateOfService)).sort();
    expect(dates[0]! >= "2026-01-05").toBe(true);
    expect(dates.at(-1)! < "2026-03-02").toBe(true);
    expect(dates.length).toBe(527);
  });

  it("plants every usual mistake", () => {
    const planted = new Set(demo.patients.flatMap((patient) => patient.visits.flatMap((visit) => visit.mistakes)));
    expect([...planted].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it("is the same on every run, and another seed or anchor gives another practice", () => {
    expect(generateDemoPractice()).toEqual(demo);
    expect(generateDemoPractice({ seed: 7 })).not.toEqual(demo);
    expect(generateDemoPractice({ anchor: "2026-06-01" }).patients[0]!.visits.at(-1)!.dateOfService < "2026-06-01").toBe(true);
  });
});

describeEachDatabase("seedDemo", (store) => {
  it("stores the practice and bills it; each planted mistake gets its finding", async () => {
    const { db } = store();
    const summary = await seedDemo(db, reference, { patients: 8 });
    expect(summary).toMatchObject({ providers: 5, patients: 8, seeded: true });
    const visits = await listVisits(db, { practiceId: summary.practiceId }, { limit: 500 });
    expect(visits.total).toBe(summary.visits);

    const demo = generateDemoPractice({ patients: 8 });
    for (const [mistake, expected] of Object.entries(EXPECTED)) {
      const planted = demo.patients.flatMap((patient) => patient.visits).find((visit) => visit.mistakes.includes(mistake as DemoMistake))!;
      const [stored] = (await listVisits(db, { practiceId: summary.practiceId, externalId: planted.externalId })).items;
      const { result } = await scrubStoredVisit(db, reference, stored!.id);
      expect(
        result.findings.some((item) => item.rule === expected.rule && item.severity === expected.severity),
        `${mistake} in ${planted.externalId}: ${JSON.stringify(result.findings.map((item) => `${item.rule}/${item.severity}`))}`,
      ).toBe(true);
    }

    const claims = await listClaims(db, { practiceId: summary.practiceId }, { limit: 500 });
    expect(claims.total).toBe(Object.values(summary.claims).reduce((sum, count) => sum + count, 0));
    // Claims whose scrub found errors are held back as drafts.
    expect(claims.items.filter((claim) => claim.scrubStatus === "reject").every((claim) => claim.status === "draft")).toBe(true);

    expect(await seedDemo(db, reference, { patients: 8 })).toMatchObject({ practiceId: summary.practiceId, seeded: false });
  });
});

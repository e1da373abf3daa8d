import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ImportRejected, importParsedVisits } from "./import-visits.js";
import { createPractice } from "./practices.js";
import { describeEachDatabase } from "./test-support/databases.js";
import { describeProblem, parseVisitCsv } from "./visit-csv.js";
import { listVisits } from "./visits.js";

const TEMPLATE = readFileSync(join(import.meta.dirname, "../../examples/visits-template.csv"), "utf8");
const HEADER = "visit_id,date_of_service,patient_id,provider_npi,payer_kind,diagnoses,total_treatment_minutes,code,minutes,assistant_minutes,modifiers,distinct,diagnosis_pointers";

function problemsOf(text: string): string[] {
  return parseVisitCsv(text, "visits.csv").problems.map(describeProblem);
}

describe("parseVisitCsv", () => {
  it("groups the template's rows into visits", () => {
    const { visits, problems } = parseVisitCsv(TEMPLATE, "visits-template.csv");
    expect(problems).toEqual([]);
    expect(visits.map((visit) => [visit.visitId, visit.line, visit.services.map((service) => service.code)])).toEqual([
      ["V-1001", 2, ["97530", "97140", "97535"]],
      ["V-1002", 5, ["97110", "97760"]],
    ]);
    expect(visits[0]).toMatchObject({
      dateOfService: "2026-03-10",
      patient: { externalId: "P-7", lastName: "Diaz", firstName: "Rosa" },
      provider: { npi: "1234567893", discipline: "OT", role: "therapist" },
      payer: { kind: "medicare", name: "Medicare Part B" },
      placeOfService: "11",
      locality: "01112-05",
      diagnoses: ["I69.351", "M62.81"],
      totalTreatmentMinutes: 50,
    });
    expect(visits[0]!.services[1]).toEqual({ line: 3, code: "97140", minutes: 10, assistantMinutes: 0, modifiers: ["GO"], distinct: true, diagnosisPointers: [1] });
    expect(visits[1]!.services[0]).toMatchObject({ minutes: 23, assistantMinutes: 10, assistantNpi: "1245319599" });
  });

  it("names the file, line, field and value of every bad cell", () => {
    const text = [
      HEADER,
      "V-1,2026-03-10,P-1,1234567893,medicare,I69.351,30,97530,30,,GO,,1",
      "V-1,2026-03-11,P-1,1234567893,medicare,I69.351,30,97110,-5,,GO,maybe,1",
      "V-2,2026-02-30,P-2,1234567890,medicare,M62.81,15,97530,15,20,G,,x",
      "V-3,2026-03-10,P-3,1234567893,blue cross,M62.81,15,,15,,,,",
    ].join("\n");
    expect(problemsOf(text)).toEqual([
      'visits.csv:3: field date_of_service value "2026-03-11": differs from line 2 of visit V-1 ("2026-03-10")',
      'visits.csv:3: field distinct value "maybe": must be yes or no',
      'visits.csv:3: field minutes value "-5": cannot be negative',
      'visits.csv:4: field date_of_service value "2026-02-30": must be a calendar date in YYYY-MM-DD form',
      'visits.csv:4: field provider_npi value "1234567890": check digit should be 3, not 0',
      'visits.csv:4: field modifiers value "G": must be two letters or digits',
      'visits.csv:4: field diagnosis_pointers value "x": must be numbers separated by ;',
      'visits.csv:4: field assistant_minutes value "20": is more than the line\'s 15 minutes',
      'visits.csv:5: field payer_kind value "blue cross": Invalid option: expected one of "medicare"|"medicare-advantage"|"medicaid"|"tricare"|"commercial"|"workers-comp"|"self-pay"',
      'visits.csv:5: field code value "": is required',
    ]);
  });

  it("refuses missing and unknown columns, and an empty file", () => {
    expect(problemsOf("visit_id,date,patient_id\nV-1,2026-03-10,P-1")).toEqual([
      "visits.csv:1: missing columns date_of_service, provider_npi, payer_kind, code",
      "visits.csv:1: unknown column date (see docs/import-visits.md)",
    ]);
    expect(problemsOf(HEADER)).toEqual(["visits.csv:1: no rows under the header"]);
    expect(problemsOf(`${HEADER}\nV-1,"2026-03-10`)[0]).toMatch(/^visits\.csv:2: not a readable CSV: /);
  });
});

describeEachDatabase("visit import", (store) => {
  it("stores the template's visits, creating the patients, payers and providers it names", async () => {
    const { db } = store();
    const practice = await createPractice(db, { name: "Import Clinic" });
    const { visits } = parseVisitCsv(TEMPLATE, "visits-template.csv");
    const summary = await importParsedVisits(db, visits, "visits-template.csv", { practiceId: practice.id });
    expect(summary).toEqual({ practice, visits: 2, services: 5, created: { patients: 2, payers: 2, providers: 2, practice: false } });
    const stored = await listVisits(db, { practiceId: practice.id });
    expect(stored.items.map((visit) => [visit.externalId, visit.services.length, visit.diagnoses])).toEqual([
      ["V-1001", 3, ["I69.351", "M62.81"]],
      ["V-1002", 2, ["G56.01", "M25.641"]],
    ]);
    const ota = await db.selectFrom("providers").select(["role", "npi"]).where("practice_id", "=", practice.id).where("npi", "=", "1245319599").executeTakeFirstOrThrow();
    expect(ota.role).toBe("assistant");
    expect(stored.items[1]!.services[0]).toMatchObject({ assistantMinutes: 10, assistantProviderId: expect.any(Number) });
  });

  it("a visit that fails when written rolls the whole import back", async () => {
    const { db } = store();
    const practice = await createPractice(db, { name: "Rollback Import Clinic" });
    const first = parseVisitCsv(TEMPLATE, "first.csv");
    await importParsedVisits(db, first.visits.slice(1), "first.csv", { practiceId: practice.id }); // V-1002 is already there
    const count = async (table: "visits" | "patients" | "payers" | "providers" | "visit_services") => (await db.selectFrom(table).select("id").execute()).length;
    const before = { visits: await count("visits"), patients: await count("patients"), payers: await count("payers"), providers: await count("providers"), services: await count("visit_services") };

    const text = [
      "visit_id,date_of_service,patient_id,provider_npi,payer_kind,code,minutes",
      "V-2001,2026-03-11,P-NEW-1,1982734562,tricare,97530,30",
      "V-2002,2026-03-11,P-NEW-2,1234567893,medicare,97110,23",
      "V-1002,2026-03-12,P-12,1234567893,commercial,97110,23",
    ].join("\n");
    const parsed = parseVisitCsv(text, "second.csv");
    expect(parsed.problems).toEqual([]);
    const error = await importParsedVisits(db, parsed.visits, "second.csv", { practiceId: practice.id }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportRejected);
    expect((error as ImportRejected).located()).toBe(`second.csv:4: field visit_id value "V-1002": visit V-1002 is already in practice ${practice.id}\nnothing was imported`);
    const after = { visits: await count("visits"), patients: await count("patients"), payers: await count("payers"), providers: await count("providers"), services: await count("visit_services") };
    expect(after).toEqual(before);
  });
});

describe("parseVisitCsvStream", () => {
  it("reads a stream to the same visits and problems as the text", async () => {
    const { Readable } = await import("node:stream");
    const { parseVisitCsvStream } = await import("./visit-csv.js");
    // Chunks of 7 bytes cut rows, quotes and the BOM apart.
    const chunks = (text: string) => Readable.from(Buffer.from(text).reduce<Buffer[]>((parts, _byte, i, all) => (i % 7 === 0 ? [...parts, Buffer.from(all.subarray(i, i + 7))] : parts), []));
    for (const text of [TEMPLATE, "\uFEFF" + TEMPLATE, `${HEADER}\nV-1,2026-02-30,P-1,1234567893,medicare,I69.351,,97530,30,,,,1\n`, `${HEADER}\n`, "visit_id,nope\nV-1,x\n", `${HEADER}\nV-1,"unterminated\n`]) {
      expect(await parseVisitCsvStream(chunks(text), "visits.csv")).toEqual(parseVisitCsv(text, "visits.csv"));
    }
  });
});

import { expect, it } from "vitest";
import { describe } from "vitest";
import { coveragesOfPatient } from "./coverages.js";
import { importParsedVisits } from "./import-visits.js";
import { findPatientByExternalId } from "./patients.js";
import { listPayers } from "./payers.js";
import { createPractice } from "./practices.js";
import { findProviderByNpi } from "./providers.js";
import { describeEachDatabase } from "./test-support/databases.js";
import { describeProblem, parseVisitCsv } from "./visit-csv.js";
import { listVisits } from "./visits.js";

const HEADER =
  "visit_id,date_of_service,patient_id,patient_last_name,patient_first_name,patient_birth_date,patient_sex,patient_phone,patient_address_line1,patient_city,patient_state,patient_zip,provider_npi,provider_taxonomy,payer_kind,payer_name,payer_id,member_id,relationship,group_number,subscriber_first_name,subscriber_last_name,subscriber_birth_date,subscriber_sex,diagnoses,code,minutes,diagnosis_pointers";
const SPOUSE = "V-1,2026-03-10,P-7,Diaz,Rosa,1962-07-02,F,(303) 555-0100,1 Elm St,Denver,co,80202-1234,1234567893,225x00000x,commercial,Acme Health,60054,XJH1234,spouse,GRP-7,Luis,Diaz,1960-01-15,M,M19.041,97110,30,1";
const SELF = "V-2,2026-03-10,P-8,Lee,Ann,1950-01-01,F,,,,,,1234567893,,medicare,,04112,1EG4TE5MK72,,,,,,,M19.041,97110,30,1";

describe("visit CSV: claim parties", () => {
  it("reads demographics, payer id, taxonomy and the coverage", () => {
    const { visits, problems } = parseVisitCsv([HEADER, SPOUSE, SELF].join("\n"), "visits.csv");
    expect(problems.map(describeProblem)).toEqual([]);
    expect(visits[0]!.parties).toEqual({
      patient: { sex: "F", phone: "3035550100", address: { line1: "1 Elm St", city: "Denver", state: "CO", zip: "802021234" } },
      payerId: "60054",
      providerTaxonomy: "225X00000X",
      coverage: {
        memberId: "XJH1234",
        relationship: "spouse",
        groupNumber: "GRP-7",
        subscriber: { firstName: "Luis", lastName: "Diaz", birthDate: "1960-01-15", sex: "M", address: { line1: "1 Elm St", city: "Denver", state: "CO", zip: "802021234" } },
      },
    });
    expect(visits[1]!.parties).toEqual({ patient: { sex: "F" }, payerId: "04112", coverage: { memberId: "1EG4TE5MK72", relationship: "self" } });
  });

  it("names every bad or missing party cell", () => {
    const bad = "V-3,2026-03-10,P-9,Ray,Jo,1970-01-01,X,555,1 Elm St,,CO,8020,1234567893,225X,commercial,,6,XJ,child,,,Ray,,Q,M19.041,97110,30,1";
    expect(parseVisitCsv([HEADER, bad].join("\n"), "visits.csv").problems.map(describeProblem)).toEqual([
      'visits.csv:2: field patient_sex value "X": must be one of F, M, U',
      'visits.csv:2: field patient_phone value "555": must be 10 digits',
      'visits.csv:2: field patient_zip value "8020": must be 5 or 9 digits',
      'visits.csv:2: field patient_city value "": is required with an address',
      'visits.csv:2: field payer_id value "6": is too short',
      'visits.csv:2: field provider_taxonomy value "225X": must be a 10-character provider taxonomy code, e.g. 225X00000X',
      'visits.csv:2: field subscriber_first_name value "": is required when relationship is child',
      'visits.csv:2: field subscriber_birth_date value "": is required when relationship is child',
      'visits.csv:2: field subscriber_sex value "Q": must be one of F, M, U',
      'visits.csv:2: field patient_address_line1 value "1 Elm St": the patient\'s address is required when relationship is child (the subscriber\'s is taken to be the same)',
    ]);
  });
});

describeEachDatabase("visit import: claim parties", (store) => {
  it("creates the patient, payer, provider and coverage with what a claim names", async () => {
    const { db } = store();
    const practice = await createPractice(db, { name: "CSV Parties Clinic" });
    const { visits } = parseVisitCsv([HEADER, SPOUSE, SELF].join("\n"), "visits.csv");
    await importParsedVisits(db, visits, "visits.csv", { practiceId: practice.id });
    const patient = await findPatientByExternalId(db, practice.id, "P-7");
    expect(patient).toMatchObject({ sex: "F", phone: "3035550100", address: { line1: "1 Elm St", city: "Denver", state: "CO", zip: "802021234" } });
    const [coverage] = await coveragesOfPatient(db, patient!.id);
    expect(coverage).toMatchObject({ memberId: "XJH1234", relationship: "spouse", groupNumber: "GRP-7", subscriber: { firstName: "Luis", lastName: "Diaz", birthDate: "1960-01-15", sex: "M" } });
    const payers = await listPayers(db, { practiceId: practice.id });
    expect(payers.items.map((payer) => [payer.kind, payer.electronicPayerId])).toEqual([
      ["commercial", "60054"],
      ["medicare", "04112"],
    ]);
    expect((await findProviderByNpi(db, practice.id, "1234567893"))?.taxonomy).toBe("225X00000X");
    const stored = await listVisits(db, { practiceId: practice.id });
    expect(stored.items.map((visit) => visit.coverageId)).toEqual([coverage!.id, expect.any(Number)]);
  });
});

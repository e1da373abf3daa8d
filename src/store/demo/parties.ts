/**
 * Everyone a demo claim names besides the visit: the practice as billing provider, the
 * physicians who certify the plans, the patients' and subscribers' demographics, the payers'
 * electronic ids, the charge master and the clearinghouse. All invented, all derived from
 * the patient's index (never the seeded generator, so the demo's visits stay as they were),
 * and every NPI passes its check digit.
 */
import type { IsoDate } from "../../reference/dates.js";
import type { PostalAddress, Sex, SubscriberDetails, SubscriberRelationship } from "../entities.js";
import { completeNpi } from "../npi.js";
import { FIRST_NAMES } from "./clinical.js";
import type { DemoPatient, DemoPayerKey } from "./generate.js";

export const DEMO_BILLING = {
  billingName: "Lakeside Occupational Therapy",
  taxId: "47-1234567",
  /** NUCC: 225X00000X Occupational Therapist */
  taxonomy: "225X00000X",
  phone: "6125550140",
  address: { line1: "2200 Lakeshore Ave", line2: "Suite 110", city: "Minneapolis", state: "MN", zip: "554081234" },
} as const;

/** NUCC 225X00000X for OTs; 224Z00000X Occupational Therapy Assistant. */
export const TAXONOMY_OF_ROLE = { therapist: "225X00000X", assistant: "224Z00000X" } as const;

export const DEMO_PHYSICIANS = [
  { firstName: "Helen", lastName: "Marchetti", npi: completeNpi("192837465") },
  { firstName: "Samuel", lastName: "Okonkwo", npi: completeNpi("176543210") },
  { firstName: "Grace", lastName: "Lindgren", npi: completeNpi("154321098") },
];

export const DEMO_PAYER_PARTIES: Record<DemoPayerKey, { electronicPayerId: string; address?: PostalAddress }> = {
  medicare: { electronicPayerId: "06312" },
  advantage: { electronicPayerId: "87726", address: { line1: "PO Box 30555", city: "Salt Lake City", state: "UT", zip: "841300555" } },
  medicaid: { electronicPayerId: "MNMCD" },
  commercial: { electronicPayerId: "60054", address: { line1: "PO Box 981106", city: "El Paso", state: "TX", zip: "799981106" } },
};

/** The practice's charge per unit, in cents, for every code the demo bills (in force all of 2026). */
export const DEMO_CHARGE_CENTS: Record<string, number> = {
  "97110": 4500,
  "97112": 5000,
  "97129": 5200,
  "97130": 4800,
  "97140": 4200,
  "97161": 15000,
  "97165": 15000,
  "97166": 17500,
  "97167": 20000,
  "97530": 5500,
  "97535": 5250,
  "97760": 6000,
  "97763": 5500,
};

export const DEMO_CLEARINGHOUSE = {
  submitterId: "LAKESIDE01",
  submitterName: "Lakeside Occupational Therapy",
  contactName: "Billing Office",
  contactPhone: "6125550141",
  receiverId: "CLEARHOUSE",
  receiverName: "NORTHSTAR CLEARINGHOUSE",
  senderId: "LAKESIDE01",
  interchangeReceiverId: "CLEARHOUSE",
  usageIndicator: "T" as const,
};

const FEMALE = new Set(["Ada", "Carmen", "Dolores", "Faye", "Hazel", "June", "Lorraine", "Nadia", "Priya", "Rosa", "Thelma", "Vera", "Ximena", "Zelda", "Bea", "Darlene"]);
const STREETS = ["Maple St", "Cedar Ave", "Birch Ln", "Lake St", "Hennepin Ave", "Grand Ave", "Summit Ave", "Oak Grove St"];

export interface DemoPatientParties {
  sex: Sex;
  phone: string;
  address: PostalAddress;
  relationship: SubscriberRelationship;
  subscriber: SubscriberDetails | null;
  groupNumber: string | null;
  /** index into DEMO_PHYSICIANS of the plan's certifier */
  physician: number;
}

function shiftYear(date: IsoDate, years: number): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
}

/** The patient's demographics and coverage; every other commercial patient is on a spouse's plan. */
export function demoPatientParties(patient: DemoPatient, index: number): DemoPatientParties {
  const sex: Sex = FEMALE.has(patient.firstName) ? "F" : "M";
  const address = { line1: `${100 + index * 17} ${STREETS[index % STREETS.length]}`, city: "Minneapolis", state: "MN", zip: `554${String(index % 20).padStart(2, "0")}` };
  const parties: DemoPatientParties = { sex, phone: `612555${String(2000 + index).padStart(4, "0")}`, address, relationship: "self", subscriber: null, groupNumber: null, physician: index % DEMO_PHYSICIANS.length };
  if (patient.payer === "commercial") {
    parties.groupNumber = `BH-${4100 + (index % 7)}`;
    if (index % 2 === 1) {
      parties.relationship = "spouse";
      const spouseName = FIRST_NAMES[(index * 11 + 5) % FIRST_NAMES.length]!;
      parties.subscriber = { firstName: spouseName, lastName: patient.lastName, birthDate: shiftYear(patient.birthDate, -2), sex: FEMALE.has(spouseName) ? "F" : "M", address };
    }
  }
  return parties;
}

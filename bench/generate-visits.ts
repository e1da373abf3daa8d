/**
 * Realistic synthetic OT visits for benchmarks: the code mixes, minutes, assistants,
 * payers and plans of care an outpatient OT clinic sees, with the usual share of
 * mistakes. Deterministic: a seeded PRNG, and dates from a fixed anchor.
 */
import { addDays, type IsoDate } from "../src/reference/dates.js";

/** mulberry32: small, fast, seedable */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIMED = ["97530", "97535", "97110", "97112", "97140", "97533", "97129", "97760", "97763", "97542", "97537", "97750"];
const UNTIMED = ["97165", "97166", "97167", "97168", "97018", "G0283", "97150", "97010"];
const MISTAKES = ["97003", "97532", "97633", "97161", "97014"];
const DIAGNOSES = ["I69.351", "M62.81", "R26.89", "R27.8", "F82", "G89.11", "M25.611", "S52.501A", "M19.041", "G56.01", "I69.35", "M62.8"];
const PAYERS = ["medicare", "medicare", "medicare", "medicare-advantage", "commercial", "commercial", "medicaid", "workers-comp"] as const;
const LOCALITIES = [undefined, "01112-05", "10112-00", "05302-99", "03102-00"];

export function generateVisit(random: () => number, index: number, anchor: IsoDate = "2026-03-02" as IsoDate): Record<string, unknown> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const dateOfService = addDays(anchor, Math.floor(random() * 200));
  const services: Record<string, unknown>[] = [];
  const count = 1 + Math.floor(random() * 4);
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.75) {
      const assistant = random() < 0.25;
      const minutes = 5 + Math.floor(random() * 40);
      services.push({ code: pick(TIMED), minutes, ...(assistant ? { assistantMinutes: Math.floor(random() * minutes) } : {}), ...(random() < 0.1 ? { distinct: true } : {}) });
    } else if (roll < 0.95) {
      services.push({ code: pick(UNTIMED), minutes: 10 + Math.floor(random() * 30) });
    } else {
      services.push({ code: pick(MISTAKES) });
    }
  }
  const certifiedFrom = addDays(dateOfService, -Math.floor(random() * 100));
  return {
    id: `B-${index}`,
    dateOfService,
    payer: { kind: pick(PAYERS) },
    placeOfService: random() < 0.05 ? "10" : "11",
    ...(random() < 0.6 ? { locality: pick(LOCALITIES) } : {}),
    patient: { id: `P-${index % 5000}`, otAllowedYearToDate: Math.round(random() * 320000) / 100 },
    provider: { npi: "1234567893", discipline: "OT" },
    planOfCare:
      random() < 0.95
        ? {
            discipline: "OT",
            initialEvaluationDate: certifiedFrom,
            certifiedFrom,
            certifiedThrough: addDays(certifiedFrom, 89),
            signedDate: addDays(certifiedFrom, Math.floor(random() * 40)),
            treatmentDaysSinceProgressReport: Math.floor(random() * 12),
          }
        : undefined,
    diagnoses: [pick(DIAGNOSES), ...(random() < 0.5 ? [pick(DIAGNOSES)] : [])],
    services,
    ...(random() < 0.5 ? { totalTreatmentMinutes: services.reduce((sum, service) => sum + ((service.minutes as number | undefined) ?? 0), 0) } : {}),
  };
}

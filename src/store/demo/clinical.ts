/**
 * What an outpatient OT caseload looks like, for the demo practice: the conditions OTs
 * treat with their ICD-10-CM codes (docs/billing-rules.md section 9) and the codes billed for them
 * (docs/billing-rules.md section 2), and synthetic names. Every person here is invented.
 */

export interface CaseProfile {
  condition: string;
  diagnoses: string[];
  /** timed codes used for this condition, most frequent first */
  codes: string[];
}

export const CASE_PROFILES: readonly CaseProfile[] = [
  { condition: "stroke, right dominant side", diagnoses: ["I69.351", "M62.81", "R27.8"], codes: ["97530", "97112", "97535", "97110"] },
  { condition: "carpal tunnel release", diagnoses: ["G56.01", "M25.641"], codes: ["97110", "97140", "97530", "97760"] },
  { condition: "hand osteoarthritis", diagnoses: ["M19.041", "M79.641"], codes: ["97110", "97530", "97760", "97535"] },
  { condition: "Parkinson's disease", diagnoses: ["G20.A1", "R26.89", "R27.8"], codes: ["97530", "97112", "97535", "97110"] },
  { condition: "shoulder arthroplasty", diagnoses: ["Z47.1", "Z96.611", "M62.81"], codes: ["97110", "97530", "97140", "97535"] },
  { condition: "executive function after stroke", diagnoses: ["R41.844", "I69.354"], codes: ["97129", "97530", "97535"] },
  { condition: "generalized weakness", diagnoses: ["M62.81", "R29.898"], codes: ["97530", "97535", "97110"] },
];

export const FIRST_NAMES = [
  "Ada", "Bernard", "Carmen", "Dolores", "Edwin", "Faye", "Gus", "Hazel", "Irving", "June", "Kenji", "Lorraine", "Marvin", "Nadia", "Otis",
  "Priya", "Quentin", "Rosa", "Stanley", "Thelma", "Ulysses", "Vera", "Walter", "Ximena", "Yusuf", "Zelda", "Arturo", "Bea", "Clement", "Darlene",
];

export const LAST_NAMES = [
  "Abernathy", "Baptiste", "Castellanos", "Dubois", "Eklund", "Fairbanks", "Gallagher", "Haddad", "Ishikawa", "Jablonski", "Kowalczyk", "Lindqvist",
  "Moreau", "Nakamura", "Okafor", "Pellegrini", "Quintero", "Rasmussen", "Sokolov", "Thibodeaux", "Underwood", "Valdivia", "Whitfield", "Yamamoto",
];

export const THERAPISTS = [
  { firstName: "Maren", lastName: "Ostrowski", role: "therapist" as const },
  { firstName: "Tobias", lastName: "Achebe", role: "therapist" as const },
  { firstName: "Lucia", lastName: "Ferreira", role: "therapist" as const },
  { firstName: "Dana", lastName: "Whitcombe", role: "assistant" as const },
  { firstName: "Rafael", lastName: "Soto", role: "assistant" as const },
];

/** Evaluation complexity drawn for a new patient (CPT 97165-97167). */
export const EVALUATION_CODES = ["97165", "97166", "97166", "97167"];

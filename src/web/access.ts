/**
 * Which pages each role is offered. The server refuses what a role may not do anyway (the
 * API's access table in src/auth); this table only keeps the web app from offering it.
 * Roles as the contract's Access section describes them: a therapist works visits and
 * plans of care but sees no remittances or denials; the front desk sees no claims.
 */
import type { Role } from "../auth/principal.js";

export type Section = "worklist" | "claims" | "remittances" | "denials" | "patients" | "settings";

export const SECTIONS: { section: Section; label: string; path: string }[] = [
  { section: "worklist", label: "Worklist", path: "/worklist" },
  { section: "claims", label: "Claims", path: "/claims" },
  { section: "remittances", label: "Remittances", path: "/remittances" },
  { section: "denials", label: "Denials", path: "/denials" },
  { section: "patients", label: "Patients", path: "/patients" },
  { section: "settings", label: "Settings", path: "/settings" },
];

const READ: Record<Section, readonly Role[]> = {
  worklist: ["admin", "biller", "therapist", "auditor"],
  claims: ["admin", "biller", "auditor"],
  remittances: ["admin", "biller", "auditor"],
  denials: ["admin", "biller", "auditor"],
  patients: ["admin", "biller", "therapist", "front-desk", "auditor"],
  settings: ["admin"],
};

/** What a role may change: the auditor reads only. */
const WRITE: Record<Section, readonly Role[]> = {
  worklist: ["admin", "biller", "therapist"],
  claims: ["admin", "biller"],
  remittances: ["admin", "biller"],
  denials: ["admin", "biller"],
  patients: ["admin", "biller", "front-desk"],
  settings: ["admin"],
};

export function maySee(role: Role, section: Section): boolean {
  return READ[section].includes(role);
}

export function mayChange(role: Role, section: Section): boolean {
  return WRITE[section].includes(role);
}

/** Where a role lands after signing in: the first section it may see. */
export function homeOf(role: Role): string {
  return SECTIONS.find((entry) => maySee(role, entry.section))?.path ?? "/sign-in";
}

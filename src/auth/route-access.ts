/**
 * Who may call which /api route: the one table. Every route the server registers has a row
 * here ("METHOD /url" in Fastify's form), either "public" or the roles that may call it; the
 * access hook answers 401 without credentials and 403 for a role not listed, before any
 * handler runs. route-access.test.ts fails when a route has no row or a row names no route,
 * so a new route cannot ship open by accident.
 *
 * Roles (contract "Access"): admin (users, settings), biller (all billing work), therapist
 * (visits and plans of care, scrub; no remittances, no users), front-desk (patients,
 * coverages, scheduling data; no claims), auditor (read-only, and the audit log).
 */
import { ROLES, type Role } from "./principal.js";

export type Access = "public" | readonly Role[];

const ALL: readonly Role[] = ROLES;
/** everyone who works on the practice's billing or care, and the auditor reading it */
const READ_RECORDS: readonly Role[] = ["admin", "biller", "therapist", "front-desk", "auditor"];
const BILLING: readonly Role[] = ["admin", "biller"];
const BILLING_READ: readonly Role[] = ["admin", "biller", "auditor"];
const CLINICAL: readonly Role[] = ["admin", "biller", "therapist"];
const FRONT_DESK: readonly Role[] = ["admin", "biller", "front-desk"];
const SETTINGS: readonly Role[] = ["admin"];
const AUDIT: readonly Role[] = ["admin", "auditor"];

export const ROUTE_ACCESS: Record<string, Access> = {
  // Service and documentation: no patient data.
  "GET /api/health": "public",
  "GET /api/openapi.json": "public",
  // The docs page holds no data, but the contract leaves only the two above open: sign in to read it.
  "GET /api/docs": ALL,


  // Sign-in (contract "Access"): tokens are the admin's, like users.
  "POST /api/session": "public",
  "GET /api/session": ALL,
  "DELETE /api/session": ALL,
  "POST /api/tokens": SETTINGS,
  "GET /api/tokens": SETTINGS,
  "DELETE /api/tokens/:id": SETTINGS,
  "GET /api/audit": AUDIT,

  // Reference look-ups: code books and fee schedules, no patient data.
  "GET /api/codes": ALL,
  "GET /api/icd": ALL,
  "GET /api/price": ALL,
  "POST /api/units": ALL,
  // Payer profiles (data/payers/): billing rules and their sources, no patient data.
  "GET /api/payer-profiles": ALL,
  "GET /api/payer-profiles/:id": ALL,

  // The engine.
  "POST /api/scrub": CLINICAL,
  "POST /api/visits/:id/scrub": CLINICAL,
  "POST /api/visits/:id/claim": BILLING,

  // Records.
  "GET /api/practices": READ_RECORDS,
  "GET /api/practices/:id": READ_RECORDS,
  "PATCH /api/practices/:id": SETTINGS,
  "POST /api/providers": BILLING,
  "GET /api/providers": READ_RECORDS,
  "GET /api/providers/:id": READ_RECORDS,
  "PATCH /api/providers/:id": BILLING,
  "POST /api/payers": BILLING,
  "GET /api/payers": READ_RECORDS,
  "GET /api/payers/:id": READ_RECORDS,
  "PATCH /api/payers/:id": BILLING,
  "POST /api/patients": FRONT_DESK,
  "GET /api/patients": READ_RECORDS,
  "GET /api/patients/:id": READ_RECORDS,
  "PATCH /api/patients/:id": FRONT_DESK,
  "POST /api/coverages": FRONT_DESK,
  "GET /api/coverages": READ_RECORDS,
  "GET /api/coverages/:id": READ_RECORDS,
  "PATCH /api/coverages/:id": FRONT_DESK,
  "POST /api/plans-of-care": CLINICAL,
  "GET /api/plans-of-care": READ_RECORDS,
  "GET /api/plans-of-care/:id": READ_RECORDS,
  "PATCH /api/plans-of-care/:id": CLINICAL,
  "POST /api/visits": [...CLINICAL, "front-desk"],
  "GET /api/visits": READ_RECORDS,
  "GET /api/visits/:id": READ_RECORDS,
  "PATCH /api/visits/:id": CLINICAL,
  "GET /api/claims": BILLING_READ,
  "GET /api/claims/:id": BILLING_READ,
  "PATCH /api/claims/:id": BILLING,
  // Correcting stored claims and sending them in batches (claims out): billing work; the auditor reads.
  "POST /api/claims/:id/replace": BILLING,
  "POST /api/claims/:id/void": BILLING,
  "GET /api/claims/:id/history": BILLING_READ,
  "POST /api/claims/batches": BILLING,
  "GET /api/claims/batches": BILLING_READ,
  "GET /api/claims/batches/:id": BILLING_READ,
  "GET /api/claims/batches/:id/file": BILLING_READ,
  // The parties a claim names: certifying physicians are named on plans of care (clinical);
  // the charge master and the clearinghouse are billing settings.
  "POST /api/physicians": CLINICAL,
  "GET /api/physicians": READ_RECORDS,
  "GET /api/physicians/:id": READ_RECORDS,
  "PATCH /api/physicians/:id": CLINICAL,
  "POST /api/charge-master": BILLING,
  "GET /api/charge-master": BILLING_READ,
  "GET /api/charge-master/:id": BILLING_READ,
  "PATCH /api/charge-master/:id": BILLING,
  "POST /api/clearinghouse-settings": BILLING,
  "GET /api/clearinghouse-settings": BILLING_READ,
  "GET /api/clearinghouse-settings/:id": BILLING_READ,
  "PATCH /api/clearinghouse-settings/:id": BILLING,

  // Remittances in (835 posting, the unmatched queue): billing work; the auditor reads.
  "POST /api/remittances": BILLING,
  "GET /api/remittances": BILLING_READ,
  "GET /api/remittances/:id": BILLING_READ,
  "GET /api/remittances/unmatched": BILLING_READ,
  "POST /api/remittances/unmatched/:id/resolve": BILLING,
  "GET /api/patients/:id/balance": BILLING_READ,
  "GET /api/denials": BILLING_READ,
  "POST /api/denials/:id/appeal": BILLING,
  "GET /api/underpayments": BILLING_READ,
  "GET /api/reports/denials": BILLING_READ,
  "GET /api/reports/ar": BILLING_READ,
  "GET /api/reports/payments": BILLING_READ,
  "GET /api/reports/clean-claims": BILLING_READ,
  // Claim documents in the body -> one X12 837P interchange (stateless: billing work).
  "POST /api/claims/837": BILLING,
  // Claim documents in the body -> CMS-1500 PDF (stateless: billing work).
  "POST /api/claims/1500": BILLING,
};

/** The row key of a route: Fastify's method and URL pattern (`/api/visits/:id`). */
export function routeKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url}`;
}

/** The rule for a route, or undefined when it has none (the hook then refuses it: 403). */
export function accessFor(method: string, url: string): Access | undefined {
  return Object.hasOwn(ROUTE_ACCESS, routeKey(method, url)) ? ROUTE_ACCESS[routeKey(method, url)] : undefined;
}

export function mayCall(access: Access | undefined, role: Role): boolean {
  if (access === undefined) return false;
  return access === "public" || access.includes(role);
}

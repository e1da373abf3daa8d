/**
 * The demo practice's remittances: for every claim the demo sent more than two weeks
 * before its anchor date, the 835 its payer would plausibly return, posted like any other
 * (src/remit/post.ts). Most lines are paid at the amount otbill computed (Medicare: 20%
 * coinsurance, 2% sequestration); the claims carrying a planted mistake the scrub only
 * warned about are denied the way a payer would (an NCCI pair without 59/XU: CO-236;
 * minutes that do not add up: CO-151); one claim in seventeen meets a payer's own denial
 * (Medicare CO-50, Medicare Advantage CO-197, Medicaid CO-16, commercial PR-204); some
 * claims carry a deductible; one commercial line is underpaid; one Medicare payment is
 * reversed and paid again; a payment for a claim the practice never sent waits in the
 * unmatched queue; Medicare adds interest (PLB L6). The same inputs give the same file.
 */
import type { ScrubResult } from "../contract/result.js";
import { addDays, type IsoDate } from "../reference/dates.js";
import { chargesInForce } from "../store/charge-master.js";
import { fromJsonText } from "../store/columns.js";
import type { Db } from "../store/transaction.js";
import { write835, type AdjustmentSpec, type ClaimSpec, type LineSpec, type TransactionSpec } from "../x12/835/write.js";
import { setAppeal } from "./denials.js";
import { importRemittance, type PostingSummary } from "./post.js";

export interface DemoRemittanceOptions {
  practiceId: number;
  anchor: IsoDate;
  /** claims of service dates this many days before the anchor, or more, are answered */
  answeredAfterDays?: number;
}

interface DemoClaim {
  id: number;
  claimNumber: string;
  dateOfService: string;
  payerId: number;
  payerName: string;
  payerKind: string;
  electronicPayerId: string;
  memberId: string;
  lastName: string;
  firstName: string;
  findings: Set<string>;
  lines: { lineId: string; code: string; modifiers: string[]; units: number; allowedCents: number | null }[];
}

const PAYER_DENIAL: Record<string, { group: AdjustmentSpec["group"]; reason: string; remark: string }> = {
  medicare: { group: "CO", reason: "50", remark: "N115" },
  "medicare-advantage": { group: "CO", reason: "197", remark: "N54" },
  medicaid: { group: "CO", reason: "16", remark: "N290" },
  commercial: { group: "PR", reason: "204", remark: "N130" },
};

async function demoClaims(db: Db, options: DemoRemittanceOptions): Promise<DemoClaim[]> {
  const before = addDays(options.anchor, -(options.answeredAfterDays ?? 14));
  const rows = await db
    .selectFrom("claims")
    .innerJoin("payers", "payers.id", "claims.payer_id")
    .innerJoin("patients", "patients.id", "claims.patient_id")
    .leftJoin("coverages", (join) => join.onRef("coverages.patient_id", "=", "claims.patient_id").onRef("coverages.payer_id", "=", "claims.payer_id"))
    .select(["claims.id", "claims.claim_number", "claims.date_of_service", "claims.scrub_result", "payers.id as payer_id", "payers.name as payer_name", "payers.kind", "payers.electronic_payer_id", "patients.first_name", "patients.last_name", "coverages.member_id"])
    .where("claims.practice_id", "=", options.practiceId)
    .where("claims.status", "=", "submitted")
    .where("claims.date_of_service", "<", before)
    .orderBy("claims.date_of_service")
    .orderBy("claims.id")
    .execute();
  const lines = rows.length === 0 ? [] : await db.selectFrom("claim_lines").select(["claim_id", "line_id", "code", "modifiers", "units", "allowed_cents"]).where("claim_id", "in", rows.map((row) => row.id)).orderBy("claim_id").orderBy("position").execute();
  return rows.map((row) => ({
    id: row.id,
    claimNumber: row.claim_number ?? `C-${row.id}`,
    dateOfService: row.date_of_service,
    payerId: row.payer_id,
    payerName: row.payer_name,
    payerKind: row.kind,
    electronicPayerId: row.electronic_payer_id ?? String(row.payer_id),
    memberId: row.member_id ?? "UNKNOWN",
    lastName: row.last_name.toUpperCase(),
    firstName: row.first_name.toUpperCase(),
    findings: new Set((fromJsonText<Partial<ScrubResult>>(row.scrub_result, {}).findings ?? []).filter((found) => found.severity !== "info").map((found) => found.rule as string)),
    lines: lines
      .filter((line) => line.claim_id === row.id)
      .map((line) => ({ lineId: line.line_id ?? "", code: line.code, modifiers: fromJsonText<string[]>(line.modifiers, []), units: line.units, allowedCents: line.allowed_cents })),
  }));
}

function paidLine(line: DemoClaim["lines"][number], chargeCents: number, date: string, kind: string, options: { deductibleCents?: number; shortCents?: number; copayCents?: number } = {}): LineSpec {
  const allowed = Math.min(chargeCents, Math.max(0, (line.allowedCents ?? Math.round(chargeCents * 0.6)) - (options.shortCents ?? 0)));
  const deductible = Math.min(allowed, options.deductibleCents ?? 0);
  const adjustments: AdjustmentSpec[] = [];
  if (chargeCents > allowed) adjustments.push({ group: "CO", reason: "45", amountCents: chargeCents - allowed });
  if (deductible > 0) adjustments.push({ group: "PR", reason: "1", amountCents: deductible });
  const medicare = kind === "medicare" || kind === "medicare-advantage";
  const coinsurance = medicare ? Math.round((allowed - deductible) * 0.2) : 0;
  if (coinsurance > 0) adjustments.push({ group: "PR", reason: "2", amountCents: coinsurance });
  const copay = Math.min(options.copayCents ?? 0, allowed - deductible - coinsurance);
  if (copay > 0) adjustments.push({ group: "PR", reason: "3", amountCents: copay });
  // Medicare's 2% payment reduction (sequestration) applies to what Medicare pays.
  const sequestration = kind === "medicare" ? Math.round((allowed - deductible - coinsurance) * 0.02) : 0;
  if (sequestration > 0) adjustments.push({ group: "CO", reason: "253", amountCents: sequestration });
  return { code: line.code, modifiers: line.modifiers, units: line.units, chargeCents, lineId: line.lineId, serviceDate: date, allowedCents: allowed, adjustments };
}

function deniedLine(line: DemoClaim["lines"][number], chargeCents: number, date: string, denial: { group: AdjustmentSpec["group"]; reason: string; remark: string }): LineSpec {
  return { code: line.code, modifiers: line.modifiers, units: line.units, chargeCents, lineId: line.lineId, serviceDate: date, adjustments: [{ group: denial.group, reason: denial.reason, amountCents: chargeCents }], remarks: [denial.remark] };
}

/**
 * CLP06, the claim filing indicator an 835 gives: 005010X221A1's own list, which is not the
 * 837P's SBR09 list (it has no CI): a commercial plan answers as a PPO (12).
 */
const CLP06_OF_KIND: Readonly<Record<string, string>> = { medicare: "MB", medicaid: "MC", "medicare-advantage": "16", tricare: "CH", "workers-comp": "WC", commercial: "12" };

/** The payer's answer to one claim. */
function answer(claim: DemoClaim, charges: Map<string, number>, serial: number): ClaimSpec {
  const charge = (line: DemoClaim["lines"][number]) => (charges.get(line.code) ?? 5000) * line.units;
  const patient = { lastName: claim.lastName, firstName: claim.firstName, memberId: claim.memberId };
  const base = { claimId: claim.claimNumber, patient, payerClaimControlNumber: `${claim.electronicPayerId}${String(claim.id).padStart(9, "0")}`, filingIndicator: CLP06_OF_KIND[claim.payerKind] ?? "12" };
  if (serial % 17 === 4) {
    const denial = PAYER_DENIAL[claim.payerKind] ?? PAYER_DENIAL.commercial!;
    return { ...base, statusCode: "4", lines: claim.lines.map((line) => deniedLine(line, charge(line), claim.dateOfService, denial)) };
  }
  const lines = claim.lines.map((line, index): LineSpec => {
    // The planted mistakes the scrub only warned about: denied the way a payer would.
    if ((claim.findings.has("ncci.ptp") || claim.findings.has("modifier.distinct")) && index === claim.lines.length - 1 && claim.lines.length > 1) {
      return deniedLine(line, charge(line), claim.dateOfService, { group: "CO", reason: "236", remark: "N20" });
    }
    if (claim.findings.has("documentation.minutes") && index === claim.lines.length - 1) {
      return deniedLine(line, charge(line), claim.dateOfService, { group: "CO", reason: "151", remark: "N362" });
    }
    return paidLine(line, charge(line), claim.dateOfService, claim.payerKind, {
      ...(index === 0 && serial % 7 === 2 ? { deductibleCents: 4000 } : {}),
      ...(index === 0 && claim.payerKind === "commercial" && serial % 11 === 5 ? { shortCents: 300 } : {}),
      ...(index === 0 && claim.payerKind === "medicare-advantage" ? { copayCents: 2000 } : {}),
    });
  });
  return { ...base, lines };
}

function negate(claim: ClaimSpec): ClaimSpec {
  return {
    ...claim,
    statusCode: "22",
    lines: claim.lines.map((line) => ({
      ...line,
      chargeCents: -line.chargeCents,
      ...(line.allowedCents !== undefined ? { allowedCents: -line.allowedCents } : {}),
      adjustments: (line.adjustments ?? []).map((adjustment) => ({ ...adjustment, amountCents: -adjustment.amountCents })),
    })),
  };
}

/**
 * The demo bills months of visits in one go, so its claims' history says they were all
 * sent today; a practice sends each claim a few days after the visit. The demo's history
 * says so, which gives the A/R report real ages.
 */
async function backdateSubmissions(db: Db, practiceId: number): Promise<void> {
  const sent = await db
    .selectFrom("claim_status_history")
    .innerJoin("claims", "claims.id", "claim_status_history.claim_id")
    .select(["claim_status_history.id", "claims.date_of_service"])
    .where("claims.practice_id", "=", practiceId)
    .where("claim_status_history.to_status", "in", ["ready", "submitted"])
    .execute();
  for (const row of sent) await db.updateTable("claim_status_history").set({ at: `${addDays(row.date_of_service as IsoDate, 2)}T17:00:00.000Z` }).where("id", "=", row.id).execute();
}

/** Writes and posts the demo's 835s; returns each posting's summary. */
export async function postDemoRemittances(db: Db, options: DemoRemittanceOptions): Promise<PostingSummary[]> {
  await backdateSubmissions(db, options.practiceId);
  const claims = await demoClaims(db, options);
  if (claims.length === 0) return [];
  const codes = [...new Set(claims.flatMap((claim) => claim.lines.map((line) => line.code)))];
  const charges = await chargesInForce(db, options.practiceId, codes, claims[0]!.dateOfService);
  const answers = claims.map((claim, serial) => ({ claim, spec: answer(claim, charges, serial) }));
  // One payment per payer per month of service, paid 18 days after that month's last visit.
  const groups = new Map<string, { payer: DemoClaim; claims: ClaimSpec[]; lastDate: string }>();
  for (const { claim, spec } of answers) {
    const key = `${claim.payerId}:${claim.dateOfService.slice(0, 7)}`;
    const group = groups.get(key) ?? { payer: claim, claims: [], lastDate: claim.dateOfService };
    group.claims.push(spec);
    if (claim.dateOfService > group.lastDate) group.lastDate = claim.dateOfService;
    groups.set(key, group);
  }
  const latest = addDays(options.anchor, -2);
  const transactions: TransactionSpec[] = [...groups.values()].map((group, index) => {
    const paymentDate = addDays(group.lastDate as IsoDate, 18) < latest ? addDays(group.lastDate as IsoDate, 18) : latest;
    const medicare = group.payer.payerKind === "medicare";
    return {
      traceNumber: `DEMO${String(index + 1).padStart(6, "0")}`,
      paymentDate,
      payer: { name: group.payer.payerName.toUpperCase(), id: group.payer.electronicPayerId },
      claims: group.claims,
      // Medicare pays interest on a clean claim paid late (PLB L6, a negative adjustment).
      ...(medicare && index === 0 ? { providerAdjustments: [{ reason: "L6", reference: "INTEREST", amountCents: -214 }] } : {}),
    };
  });
  // A payment for a claim this practice never sent (another practice's number): the unmatched queue.
  transactions.at(-1)!.claims.push({ claimId: "C-90417", patient: { lastName: "UNKNOWN", firstName: "PATIENT", memberId: "ZZ99999999" }, lines: [{ code: "97110", units: 1, chargeCents: 4500, serviceDate: transactions.at(-1)!.paymentDate, adjustments: [{ group: "CO", reason: "45", amountCents: 1500 }] }] });
  const summaries = [await importRemittance(db, write835({ controlNumber: 9001, transactions }), { actor: "system:demo", practiceId: options.practiceId, fileName: "demo-remittances.835" })];

  // Later, Medicare reversed one payment (a corrected allowed amount) and paid it again.
  const reversed = answers.find(({ claim, spec }) => claim.payerKind === "medicare" && spec.statusCode === undefined && spec.lines.every((line) => (line.adjustments ?? []).every((adjustment) => adjustment.reason !== "236" && adjustment.reason !== "151")));
  if (reversed) {
    const corrected: ClaimSpec = { ...reversed.spec, lines: reversed.claim.lines.map((line) => paidLine({ ...line, allowedCents: line.allowedCents === null ? null : line.allowedCents - 100 }, (charges.get(line.code) ?? 5000) * line.units, reversed.claim.dateOfService, "medicare")) };
    const payer = { name: reversed.claim.payerName.toUpperCase(), id: reversed.claim.electronicPayerId };
    summaries.push(
      await importRemittance(db, write835({ controlNumber: 9002, transactions: [{ traceNumber: "DEMO-REV1", paymentDate: latest, payer, claims: [negate(reversed.spec), corrected] }] }), {
        actor: "system:demo",
        practiceId: options.practiceId,
        fileName: "demo-reversal.835",
      }),
    );
  }
  // A biller has already appealed the first medical-necessity denial.
  const denied = await db
    .selectFrom("line_payments")
    .innerJoin("payment_adjustments", "payment_adjustments.line_payment_id", "line_payments.id")
    .select("line_payments.id")
    .where("payment_adjustments.reason", "=", "50")
    .where("line_payments.status", "=", "denied")
    .orderBy("line_payments.id")
    .executeTakeFirst();
  if (denied) await setAppeal(db, denied.id, { status: "appealed", note: "Appeal sent with the evaluation, the signed plan of care and the daily notes." });
  return summaries;
}

/**
 * Coverages: which payer covers a patient, under which member id and in which order
 * (primary, secondary), with the payer's authorizations (visits or units allowed between
 * two dates). Authorizations belong to the coverage: they are replaced with it and share
 * its version.
 */
import type { Transaction } from "kysely";
import { InputError } from "../errors.js";
import { addressText, toAddress } from "./addresses.js";
import { definedOnly } from "./columns.js";
import type { Authorization, Coverage, CoverageInput, Patch, SubscriberDetails } from "./entities.js";
import { fetchPage, type Page, type PageRequest } from "./paging.js";
import { requirePracticeOwned } from "./references.js";
import type { AuthorizationRow, CoverageRow, Database } from "./schema.js";
import { inTransaction, type Db } from "./transaction.js";
import { notFound, updateVersioned } from "./versioned.js";

function toAuthorization(row: AuthorizationRow): Authorization {
  return { number: row.number, visitsAllowed: row.visits_allowed, unitsAllowed: row.units_allowed, startDate: row.start_date, endDate: row.end_date };
}

/** 12.5 (%) -> 1250: the percentage kept exactly as an integer. */
function basisPoints(percent: number | null | undefined): number | null | undefined {
  return percent === null || percent === undefined ? percent : Math.round(percent * 100);
}

function toCoverage(row: CoverageRow, authorizations: AuthorizationRow[]): Coverage {
  return {
    id: row.id,
    patientId: row.patient_id,
    payerId: row.payer_id,
    memberId: row.member_id,
    priority: row.priority,
    startDate: row.start_date,
    endDate: row.end_date,
    authorizations: authorizations.map(toAuthorization),
    relationship: row.relationship,
    subscriber: toSubscriber(row),
    groupNumber: row.group_number,
    copayCents: row.copay_cents,
    coinsurancePercent: row.coinsurance_basis_points === null ? null : row.coinsurance_basis_points / 100,
    version: row.version,
  };
}

function toSubscriber(row: CoverageRow): SubscriberDetails | null {
  if (row.subscriber_first_name === null || row.subscriber_last_name === null || row.subscriber_birth_date === null || row.subscriber_sex === null) return null;
  const address = toAddress(row.subscriber_address);
  if (!address) return null;
  return { firstName: row.subscriber_first_name, lastName: row.subscriber_last_name, birthDate: row.subscriber_birth_date, sex: row.subscriber_sex, address };
}

/** The subscriber columns for a write; undefined leaves them alone, null clears them. */
function subscriberColumns(subscriber: SubscriberDetails | null | undefined) {
  if (subscriber === undefined) return {};
  return {
    subscriber_first_name: subscriber?.firstName ?? null,
    subscriber_last_name: subscriber?.lastName ?? null,
    subscriber_birth_date: subscriber?.birthDate ?? null,
    subscriber_sex: subscriber?.sex ?? null,
    subscriber_address: addressText(subscriber?.address ?? null) ?? null,
  };
}

/** A patient who is not the subscriber needs the subscriber's own details (837P 2010BA, NUCC items 4, 7, 11a). */
function checkSubscriber(coverage: Coverage): void {
  if (coverage.relationship !== "self" && coverage.subscriber === null) {
    throw new InputError("invalid_input", `subscriber: required when relationship is ${coverage.relationship} (the subscriber's name, birth date, sex and address)`, { path: "subscriber" });
  }
}

async function insertAuthorizations(trx: Transaction<Database>, coverageId: number, authorizations: Authorization[]): Promise<void> {
  if (authorizations.length === 0) return;
  await trx
    .insertInto("authorizations")
    .values(
      authorizations.map((authorization, position) => ({
        coverage_id: coverageId,
        position,
        number: authorization.number ?? null,
        visits_allowed: authorization.visitsAllowed ?? null,
        units_allowed: authorization.unitsAllowed ?? null,
        start_date: authorization.startDate,
        end_date: authorization.endDate,
      })),
    )
    .execute();
}

/** The payer must be the patient's practice's own. */
async function checkPayer(trx: Db, patientId: number, payerId: number): Promise<void> {
  const practiceId = await requirePracticeOwned(trx, "patients", patientId, undefined, "patientId");
  await requirePracticeOwned(trx, "payers", payerId, practiceId, "payerId");
}

export async function createCoverage(db: Db, input: CoverageInput): Promise<Coverage> {
  return inTransaction(db, async (trx) => {
    await checkPayer(trx, input.patientId, input.payerId);
    const row = await trx
      .insertInto("coverages")
      .values({
        patient_id: input.patientId,
        payer_id: input.payerId,
        member_id: input.memberId,
        priority: input.priority ?? 1,
        start_date: input.startDate ?? null,
        end_date: input.endDate ?? null,
        relationship: input.relationship ?? "self",
        group_number: input.groupNumber ?? null,
        ...subscriberColumns(input.relationship === "self" ? null : input.subscriber),
        copay_cents: input.copayCents ?? null,
        coinsurance_basis_points: basisPoints(input.coinsurancePercent) ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await insertAuthorizations(trx, row.id, input.authorizations ?? []);
    const coverage = await getCoverage(trx, row.id);
    checkSubscriber(coverage);
    return coverage;
  });
}

async function authorizationsOf(db: Db, coverageIds: number[]): Promise<Map<number, AuthorizationRow[]>> {
  const byCoverage = new Map<number, AuthorizationRow[]>();
  if (coverageIds.length === 0) return byCoverage;
  const rows = await db.selectFrom("authorizations").selectAll().where("coverage_id", "in", coverageIds).orderBy("coverage_id").orderBy("position").execute();
  for (const row of rows) {
    const list = byCoverage.get(row.coverage_id) ?? [];
    list.push(row);
    byCoverage.set(row.coverage_id, list);
  }
  return byCoverage;
}

export async function findCoverage(db: Db, id: number): Promise<Coverage | undefined> {
  const row = await db.selectFrom("coverages").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const authorizations = await authorizationsOf(db, [id]);
  return toCoverage(row, authorizations.get(id) ?? []);
}

export async function getCoverage(db: Db, id: number): Promise<Coverage> {
  const coverage = await findCoverage(db, id);
  if (!coverage) throw notFound("coverages", id);
  return coverage;
}

/** `authorizations`, when given, replaces the whole list. */
export async function updateCoverage(db: Db, id: number, patch: Patch<Omit<CoverageInput, "patientId">>): Promise<Coverage> {
  return inTransaction(db, async (trx) => {
    // The version check comes first: it takes the row lock, so a losing writer changes nothing.
    await updateVersioned(
      trx,
      "coverages",
      id,
      patch.version,
      definedOnly({
        payer_id: patch.payerId,
        member_id: patch.memberId,
        priority: patch.priority,
        start_date: patch.startDate,
        end_date: patch.endDate,
        relationship: patch.relationship,
        group_number: patch.groupNumber,
        ...subscriberColumns(patch.relationship === "self" ? null : patch.subscriber),
        copay_cents: patch.copayCents,
        coinsurance_basis_points: basisPoints(patch.coinsurancePercent),
      }),
    );
    const coverage = await getCoverage(trx, id);
    checkSubscriber(coverage);
    if (patch.payerId !== undefined) await checkPayer(trx, coverage.patientId, patch.payerId);
    if (patch.authorizations !== undefined) {
      await trx.deleteFrom("authorizations").where("coverage_id", "=", id).execute();
      await insertAuthorizations(trx, id, patch.authorizations);
      return getCoverage(trx, id);
    }
    return coverage;
  });
}

export interface CoverageFilter {
  /** the practice of the patient (access scoping) */
  practiceId?: number;
  patientId?: number;
  payerId?: number;
}

export async function listCoverages(db: Db, filter: CoverageFilter = {}, page?: PageRequest): Promise<Page<Coverage>> {
  let query = db.selectFrom("coverages");
  if (filter.practiceId !== undefined) query = query.where("patient_id", "in", (eb) => eb.selectFrom("patients").select("id").where("practice_id", "=", filter.practiceId!));
  if (filter.patientId !== undefined) query = query.where("patient_id", "=", filter.patientId);
  if (filter.payerId !== undefined) query = query.where("payer_id", "=", filter.payerId);
  const { rows, ...bounds } = await fetchPage<CoverageRow>(query, "id", page);
  const authorizations = await authorizationsOf(
    db,
    rows.map((row) => row.id),
  );
  return { items: rows.map((row) => toCoverage(row, authorizations.get(row.id) ?? [])), ...bounds };
}

/** A patient's coverages, primary first. */
export async function coveragesOfPatient(db: Db, patientId: number): Promise<Coverage[]> {
  const rows = await db.selectFrom("coverages").selectAll().where("patient_id", "=", patientId).orderBy("priority").orderBy("id").execute();
  const authorizations = await authorizationsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toCoverage(row, authorizations.get(row.id) ?? []));
}

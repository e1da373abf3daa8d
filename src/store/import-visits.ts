/**
 * `otbill import visits FILE.csv`: stores the visits of a CSV file in ONE transaction. The
 * patients, payers and providers the file names are found (chart number, kind and name,
 * NPI) or created; if any row fails, at parse time or when written, nothing is stored.
 */
import { accessSync, constants, createReadStream, statSync } from "node:fs";
import { InputError, isInputError } from "../errors.js";
import { coveragesOfPatient, createCoverage } from "./coverages.js";
import type { Practice } from "./entities.js";
import { findPatientByExternalId, createPatient } from "./patients.js";
import { createPayer, findPayerByName } from "./payers.js";
import { createPractice, listPractices, getPractice } from "./practices.js";
import { createProvider, findProviderByNpi } from "./providers.js";
import { inTransaction, type Db } from "./transaction.js";
import { createVisit } from "./visits.js";
import { describeProblem, parseVisitCsvStream, type CsvProblem, type CsvVisit } from "./visit-csv.js";

export interface ImportSummary {
  practice: Practice;
  visits: number;
  services: number;
  created: { patients: number; payers: number; providers: number; practice: boolean };
}

/** Thrown with every problem found; the message holds the first ones, one a line. */
export class ImportRejected extends InputError {
  constructor(readonly problems: CsvProblem[]) {
    const shown = problems.slice(0, 20).map(describeProblem);
    const more = problems.length > shown.length ? `\n... and ${problems.length - shown.length} more` : "";
    super("malformed_row", `${shown.join("\n")}${more}\nnothing was imported`, { file: problems[0]?.file, line: problems[0]?.line });
  }

  // The problems already carry file:line, so the message is printed as is.
  override located(): string {
    return this.message;
  }
}

const DEFAULT_PAYER_NAMES: Record<string, string> = {
  medicare: "Medicare Part B",
  "medicare-advantage": "Medicare Advantage",
  medicaid: "Medicaid",
  tricare: "TRICARE",
  commercial: "Commercial",
  "workers-comp": "Workers' compensation",
  "self-pay": "Self-pay",
};

/** The practice to import into: the one named, the only one, or a new one in an empty store. */
async function choosePractice(db: Db, practiceId: number | undefined): Promise<{ practice: Practice; created: boolean }> {
  if (practiceId !== undefined) return { practice: await getPractice(db, practiceId), created: false };
  const existing = await listPractices(db, {}, { limit: 2 });
  if (existing.total === 1) return { practice: existing.items[0]!, created: false };
  if (existing.total > 1) throw new InputError("invalid_input", `the database has ${existing.total} practices; say which with --practice ID`, { path: "--practice" });
  return { practice: await createPractice(db, { name: "My practice" }), created: true };
}

class PartyResolver {
  readonly created = { patients: 0, payers: 0, providers: 0 };
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly practiceId: number,
  ) {}

  private async once(key: string, find: () => Promise<{ id: number } | undefined>, create: () => Promise<{ id: number }>, counter: keyof PartyResolver["created"]): Promise<number> {
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    let record = await find();
    if (!record) {
      record = await create();
      this.created[counter] += 1;
    }
    this.ids.set(key, record.id);
    return record.id;
  }

  patient(visit: CsvVisit): Promise<number> {
    const { externalId, lastName, firstName, birthDate } = visit.patient;
    return this.once(
      `patient:${externalId}`,
      () => findPatientByExternalId(this.db, this.practiceId, externalId),
      () =>
        createPatient(this.db, { practiceId: this.practiceId, externalId, lastName: lastName ?? externalId, firstName: firstName ?? "(imported)", birthDate: birthDate ?? null, ...(visit.parties?.patient ?? {}) }),
      "patients",
    );
  }

  payer(visit: CsvVisit): Promise<number> {
    const name = visit.payer.name ?? DEFAULT_PAYER_NAMES[visit.payer.kind] ?? visit.payer.kind;
    return this.once(
      `payer:${visit.payer.kind}:${name.toLowerCase()}`,
      () => findPayerByName(this.db, this.practiceId, visit.payer.kind, name),
      () => createPayer(this.db, { practiceId: this.practiceId, kind: visit.payer.kind, name, electronicPayerId: visit.parties?.payerId ?? null }),
      "payers",
    );
  }

  provider(npi: string, discipline: CsvVisit["provider"]["discipline"], role: CsvVisit["provider"]["role"], taxonomy?: string): Promise<number> {
    return this.once(
      `provider:${npi}`,
      () => findProviderByNpi(this.db, this.practiceId, npi),
      () => createProvider(this.db, { practiceId: this.practiceId, npi, discipline, role, firstName: "(imported)", lastName: `NPI ${npi}`, taxonomy: taxonomy ?? null }),
      "providers",
    );
  }

  /** The patient's coverage with the payer: the one stored, else a new one when the row gives a member id. */
  async coverage(visit: CsvVisit, patientId: number, payerId: number): Promise<number | null> {
    const key = `coverage:${patientId}:${payerId}`;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const existing = (await coveragesOfPatient(this.db, patientId)).find((coverage) => coverage.payerId === payerId);
    const given = visit.parties?.coverage;
    if (!existing && !given) return null;
    const id = existing?.id ?? (await createCoverage(this.db, { patientId, payerId, memberId: given!.memberId, relationship: given!.relationship, groupNumber: given!.groupNumber ?? null, subscriber: given!.subscriber ?? null })).id;
    this.ids.set(key, id);
    return id;
  }
}

/** Writes parsed visits; throws (and so rolls back) at the first visit that cannot be stored. */
export async function importParsedVisits(db: Db, visits: readonly CsvVisit[], file: string, options: { practiceId?: number } = {}): Promise<ImportSummary> {
  return inTransaction(db, async (trx) => {
    const { practice, created } = await choosePractice(trx, options.practiceId);
    const parties = new PartyResolver(trx, practice.id);
    let services = 0;
    for (const visit of visits) {
      try {
        const serviceRows = [];
        for (const service of visit.services) {
          const assistantProviderId = service.assistantNpi ? await parties.provider(service.assistantNpi, visit.provider.discipline, "assistant") : null;
          serviceRows.push({
            code: service.code,
            minutes: service.minutes ?? null,
            assistantMinutes: service.assistantMinutes ?? null,
            units: service.units ?? null,
            modifiers: service.modifiers,
            distinct: service.distinct,
            diagnosisPointers: service.diagnosisPointers,
            description: service.description ?? null,
            assistantProviderId,
          });
        }
        const patientId = await parties.patient(visit);
        const payerId = await parties.payer(visit);
        await createVisit(trx, {
          practiceId: practice.id,
          patientId,
          providerId: await parties.provider(visit.provider.npi, visit.provider.discipline, visit.provider.role, visit.parties?.providerTaxonomy),
          payerId,
          coverageId: await parties.coverage(visit, patientId, payerId),
          externalId: visit.visitId,
          dateOfService: visit.dateOfService,
          placeOfService: visit.placeOfService ?? null,
          locality: visit.locality ?? null,
          diagnoses: visit.diagnoses,
          totalTreatmentMinutes: visit.totalTreatmentMinutes ?? null,
          services: serviceRows,
        });
        services += serviceRows.length;
      } catch (error) {
        if (!isInputError(error)) throw error;
        const reason = error.code === "conflict" ? `visit ${visit.visitId} is already in practice ${practice.id}` : error.message;
        throw new ImportRejected([{ file, line: visit.line, message: `field visit_id value ${JSON.stringify(visit.visitId)}: ${reason}` }]);
      }
    }
    return { practice, visits: visits.length, services, created: { ...parties.created, practice: created } };
  });
}

/** Reads (as a stream), checks and stores a visit CSV file. */
export async function importVisitFile(db: Db, file: string, options: { practiceId?: number } = {}): Promise<ImportSummary> {
  try {
    if (!statSync(file).isFile()) throw Object.assign(new Error("not a file"), { code: "EISDIR" });
    accessSync(file, constants.R_OK);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new InputError(code === "ENOENT" ? "file_not_found" : "file_unreadable", code === "ENOENT" ? "no such file" : `cannot read: ${(error as Error).message}`, { file });
  }
  const { visits, problems } = await parseVisitCsvStream(createReadStream(file), file);
  if (problems.length > 0) throw new ImportRejected(problems);
  return importParsedVisits(db, visits, file, options);
}

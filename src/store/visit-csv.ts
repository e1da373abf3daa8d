/**
 * Reads the visit import CSV (docs/import-visits.md): one row per service line, grouped
 * into visits by `visit_id`. Pure: text in, visits or located problems out. Every field is
 * checked with the contract's own schemas, so an import accepts what POST /api/scrub
 * accepts, and each problem reads `file:line: field NAME value "V": what is wrong`.
 */
import { parse as parseStream } from "csv-parse";
import { parse } from "csv-parse/sync";
import type { z } from "zod";
import { isoDateSchema, payerKindSchema, serviceSchema, visitSchema } from "../contract/visit.js";
import { CLAIM_PARTY_COLUMNS, readClaimParties, type CsvClaimParties } from "./csv-parties.js";
import type { Discipline, ProviderRole } from "./entities.js";
import { npiProblem } from "./npi.js";

export const REQUIRED_COLUMNS = ["visit_id", "date_of_service", "patient_id", "provider_npi", "payer_kind", "code"] as const;
export const OPTIONAL_COLUMNS = [
  "patient_last_name",
  "patient_first_name",
  "patient_birth_date",
  "provider_discipline",
  "provider_role",
  "payer_name",
  "place_of_service",
  "locality",
  "diagnoses",
  "total_treatment_minutes",
  "minutes",
  "assistant_minutes",
  "assistant_npi",
  "units",
  "modifiers",
  "distinct",
  "diagnosis_pointers",
  "description",
  ...CLAIM_PARTY_COLUMNS,
] as const;
const KNOWN_COLUMNS = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);

/** The columns that describe the visit, not the line: every row of one visit must agree on them. */
const VISIT_COLUMNS = [
  "date_of_service",
  "patient_id",
  "patient_last_name",
  "patient_first_name",
  "patient_birth_date",
  "provider_npi",
  "provider_discipline",
  "provider_role",
  "payer_kind",
  "payer_name",
  "place_of_service",
  "locality",
  "diagnoses",
  "total_treatment_minutes",
  // the claim parties are the visit's too (csv-parties.ts)
  ...CLAIM_PARTY_COLUMNS,
] as const;

export interface CsvService {
  line: number;
  code: string;
  minutes?: number;
  assistantMinutes?: number;
  assistantNpi?: string;
  units?: number;
  modifiers: string[];
  distinct: boolean;
  diagnosisPointers: number[];
  description?: string;
}

export interface CsvVisit {
  /** the line of the visit's first row */
  line: number;
  visitId: string;
  dateOfService: string;
  patient: { externalId: string; lastName?: string; firstName?: string; birthDate?: string };
  provider: { npi: string; discipline: Discipline; role: ProviderRole };
  payer: { kind: string; name?: string };
  placeOfService?: string;
  locality?: string;
  diagnoses: string[];
  totalTreatmentMinutes?: number;
  services: CsvService[];
  /** what a claim names: demographics, payer id, taxonomy, coverage (csv-parties.ts) */
  parties?: CsvClaimParties;
}

export interface CsvProblem {
  file: string;
  line: number;
  message: string;
}

export function describeProblem(problem: CsvProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

type Row = Record<string, string>;

export class RowReader {
  constructor(
    private readonly row: Row,
    readonly line: number,
    private readonly file: string,
    private readonly problems: CsvProblem[],
  ) {}

  text(column: string): string | undefined {
    const value = this.row[column];
    return value === undefined || value === "" ? undefined : value;
  }

  fail(column: string, message: string): undefined {
    this.problems.push({ file: this.file, line: this.line, message: `field ${column} value ${JSON.stringify(this.row[column] ?? "")}: ${message}` });
    return undefined;
  }

  ifGiven<T>(text: string | undefined, read: (text: string) => T | undefined): T | undefined {
    return text === undefined ? undefined : read(text);
  }

  required(column: string): string | undefined {
    return this.text(column) ?? this.fail(column, "is required");
  }

  /** Checks one value with a contract schema and keeps the schema's own wording. */
  checked<T>(column: string, schema: z.ZodType<T>, value: unknown): T | undefined {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    return this.fail(column, parsed.error.issues[0]!.message);
  }

  integer(column: string, schema: z.ZodType<number | undefined>): number | undefined {
    const text = this.text(column);
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text)) return this.fail(column, "must be a whole number");
    return this.checked(column, schema, Number(text));
  }

  list(column: string, separator = /[;\s]+/): string[] {
    return (this.text(column) ?? "").split(separator).map((part) => part.trim()).filter(Boolean);
  }

  flag(column: string): boolean {
    const text = this.text(column)?.toLowerCase();
    if (text === undefined || ["no", "n", "false", "0"].includes(text)) return false;
    if (["yes", "y", "true", "1"].includes(text)) return true;
    this.fail(column, "must be yes or no");
    return false;
  }

  npi(column: string, text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    const problem = npiProblem(text);
    return problem ? this.fail(column, problem) : text;
  }

  oneOf<T extends string>(column: string, allowed: readonly T[], fallback: T): T {
    const text = this.text(column);
    if (text === undefined) return fallback;
    const match = allowed.find((option) => option.toLowerCase() === text.toLowerCase());
    return match ?? (this.fail(column, `must be one of ${allowed.join(", ")}`), fallback);
  }
}

function readService(reader: RowReader): CsvService | undefined {
  const { shape } = serviceSchema;
  const codeText = reader.required("code");
  const code = codeText === undefined ? undefined : reader.checked("code", shape.code, codeText.toUpperCase());
  const modifiers = reader.list("modifiers").map((modifier) => modifier.toUpperCase());
  const checkedModifiers = reader.checked("modifiers", shape.modifiers, modifiers);
  const pointers = reader.list("diagnosis_pointers").map((text) => (/^\d+$/.test(text) ? Number(text) : Number.NaN));
  if (pointers.some(Number.isNaN)) reader.fail("diagnosis_pointers", "must be numbers separated by ;");
  const service: CsvService = {
    line: reader.line,
    code: code ?? "",
    modifiers: checkedModifiers ?? [],
    distinct: reader.flag("distinct"),
    diagnosisPointers: pointers.filter((pointer) => !Number.isNaN(pointer)),
  };
  const minutes = reader.integer("minutes", shape.minutes);
  const assistantMinutes = reader.integer("assistant_minutes", shape.assistantMinutes);
  const units = reader.integer("units", shape.units);
  const assistantNpi = reader.npi("assistant_npi", reader.text("assistant_npi"));
  const description = reader.checked("description", shape.description, reader.text("description"));
  if (minutes !== undefined) service.minutes = minutes;
  if (assistantMinutes !== undefined) service.assistantMinutes = assistantMinutes;
  if (minutes !== undefined && assistantMinutes !== undefined && assistantMinutes > minutes) {
    reader.fail("assistant_minutes", `is more than the line's ${minutes} minutes`);
  }
  if (units !== undefined) service.units = units;
  if (assistantNpi !== undefined) service.assistantNpi = assistantNpi;
  if (description !== undefined) service.description = description;
  return code === undefined ? undefined : service;
}

function readVisit(reader: RowReader, visitId: string): CsvVisit {
  const visit: CsvVisit = {
    line: reader.line,
    visitId,
    dateOfService: reader.ifGiven(reader.required("date_of_service"), (text) => reader.checked("date_of_service", isoDateSchema, text)) ?? "",
    patient: { externalId: reader.required("patient_id") ?? "" },
    provider: {
      npi: reader.npi("provider_npi", reader.required("provider_npi")) ?? "",
      discipline: reader.oneOf("provider_discipline", ["OT", "PT", "SLP"] as const, "OT"),
      role: reader.oneOf("provider_role", ["therapist", "assistant"] as const, "therapist"),
    },
    payer: { kind: reader.ifGiven(reader.required("payer_kind"), (text) => reader.checked("payer_kind", payerKindSchema, text.toLowerCase())) ?? "" },
    diagnoses: reader.list("diagnoses", /[;,\s]+/).map((code) => code.toUpperCase()),
    services: [],
  };
  const lastName = reader.text("patient_last_name");
  const firstName = reader.text("patient_first_name");
  const birthDate = reader.checked("patient_birth_date", isoDateSchema.optional(), reader.text("patient_birth_date"));
  if (lastName) visit.patient.lastName = lastName;
  if (firstName) visit.patient.firstName = firstName;
  if (birthDate) visit.patient.birthDate = birthDate;
  const payerName = reader.text("payer_name");
  if (payerName) visit.payer.name = payerName;
  const placeOfService = reader.checked("place_of_service", visitSchema.shape.placeOfService, reader.text("place_of_service"));
  const locality = reader.checked("locality", visitSchema.shape.locality, reader.text("locality"));
  const total = reader.integer("total_treatment_minutes", visitSchema.shape.totalTreatmentMinutes);
  if (placeOfService) visit.placeOfService = placeOfService;
  if (locality) visit.locality = locality;
  if (total !== undefined) visit.totalTreatmentMinutes = total;
  visit.parties = readClaimParties(reader);
  if (visit.diagnoses.length > 12) reader.fail("diagnoses", `a claim holds at most 12 diagnoses, got ${visit.diagnoses.length}`);
  return visit;
}

/**
 * Collects visits row by row, so the file can be parsed as a stream (a 25 MB file was
 * read whole: 605 MB at its peak); `parseVisitCsv` (text) and `parseVisitCsvStream` share it.
 */
class VisitCollector {
  readonly problems: CsvProblem[] = [];
  private readonly visits = new Map<string, { visit: CsvVisit; row: Row }>();
  private rows = 0;

  constructor(private readonly file: string) {}

  /** false when the header is unusable (the problems say why) */
  header(columns: readonly string[]): boolean {
    const header = columns.map((name) => name.trim());
    const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
    const unknown = header.filter((column) => column !== "" && !KNOWN_COLUMNS.has(column));
    if (missing.length > 0) this.problems.push({ file: this.file, line: 1, message: `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}` });
    if (unknown.length > 0) this.problems.push({ file: this.file, line: 1, message: `unknown column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} (see docs/import-visits.md)` });
    return this.problems.length === 0;
  }

  row(record: Row, lastLine: number): void {
    this.rows += 1;
    // csv-parse reports the record's last line; a quoted cell may span lines.
    const spanned = Object.values(record).reduce((sum, value) => sum + (value.match(/\n/g)?.length ?? 0), 0);
    const reader = new RowReader(record, lastLine - spanned, this.file, this.problems);
    const visitId = reader.required("visit_id");
    if (visitId === undefined) return;
    let entry = this.visits.get(visitId);
    if (!entry) {
      entry = { visit: readVisit(reader, visitId), row: record };
      this.visits.set(visitId, entry);
    } else {
      for (const column of VISIT_COLUMNS) {
        if ((record[column] ?? "") !== (entry.row[column] ?? "")) {
          reader.fail(column, `differs from line ${entry.visit.line} of visit ${visitId} (${JSON.stringify(entry.row[column] ?? "")})`);
        }
      }
    }
    const service = readService(reader);
    if (service) entry.visit.services.push(service);
  }

  finish(): { visits: CsvVisit[]; problems: CsvProblem[] } {
    if (this.rows === 0 && this.problems.length === 0) this.problems.push({ file: this.file, line: 1, message: "no rows under the header" });
    if (this.problems.length > 0) return { visits: [], problems: this.problems };
    return { visits: [...this.visits.values()].map((entry) => entry.visit), problems: this.problems };
  }
}

const CSV_OPTIONS = { info: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: false } as const;

function unreadable(file: string, error: unknown): CsvProblem {
  const line = (error as { lines?: number }).lines ?? 1;
  return { file, line, message: `not a readable CSV: ${error instanceof Error ? error.message : String(error)}` };
}

/** Parses the whole file; any problem means the caller stores nothing. */
export function parseVisitCsv(text: string, file: string): { visits: CsvVisit[]; problems: CsvProblem[] } {
  const collector = new VisitCollector(file);
  let headerOk = true;
  let records: { record: Row; info: { lines: number } }[];
  try {
    records = parse(text, {
      ...CSV_OPTIONS,
      columns: (names: string[]) => {
        headerOk = collector.header(names);
        return names.map((name) => name.trim());
      },
    });
  } catch (error) {
    if (!headerOk) return { visits: [], problems: collector.problems };
    return { visits: [], problems: [unreadable(file, error)] };
  }
  if (!headerOk) return { visits: [], problems: collector.problems };
  for (const { record, info } of records) collector.row(record, info.lines);
  return collector.finish();
}

/** The same, reading a stream: the file is never held whole. */
export async function parseVisitCsvStream(input: AsyncIterable<Buffer | string> & NodeJS.ReadableStream, file: string): Promise<{ visits: CsvVisit[]; problems: CsvProblem[] }> {
  const collector = new VisitCollector(file);
  let headerOk = true;
  const parser = input.pipe(
    parseStream({
      ...CSV_OPTIONS,
      columns: (names: string[]) => {
        headerOk = collector.header(names);
        return names.map((name) => name.trim());
      },
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Row; info: { lines: number } }>) {
      if (!headerOk) break;
      collector.row(record, info.lines);
    }
  } catch (error) {
    if (!headerOk) return { visits: [], problems: collector.problems };
    const code = (error as { code?: string }).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "EACCES") throw error;
    return { visits: [], problems: [unreadable(file, error)] };
  }
  if (!headerOk) return { visits: [], problems: collector.problems };
  return collector.finish();
}

/**
 * The visit editor's form: services as rows (code, minutes, assistant minutes, units,
 * modifiers), the diagnoses in claim order and the total treatment minutes. Fields the form
 * does not show (pointers, distinct, the assistant's id) are kept from the stored service
 * in the same row; a row whose code is blank is dropped; one blank row adds a service.
 */
import { InputError } from "../errors.js";
import type { StoredService, VisitRecord } from "../store/entities.js";
import { text, wholeNumber } from "./context.js";

export interface VisitEdit {
  version: number;
  diagnoses: string[];
  totalTreatmentMinutes: number | null;
  services: StoredService[];
}

const MAX_ROWS = 40;

function list(value: string, pattern: RegExp, name: string): string[] {
  const items = value
    .split(/[\s,;]+/)
    .map((item) => item.trim().toUpperCase())
    .filter((item) => item.length > 0);
  for (const item of items) if (!pattern.test(item)) throw new InputError("invalid_input", `${name}: ${JSON.stringify(item)} is not right`, { path: name, value: item });
  return items;
}

export function readVisitEdit(body: unknown, visit: VisitRecord): VisitEdit {
  const rows = wholeNumber(body, "rows", { min: 0, max: MAX_ROWS }) ?? 0;
  const version = wholeNumber(body, "version", { min: 1 });
  if (version === undefined) throw new InputError("invalid_input", "version: missing (reload the visit)", { path: "version" });
  const services: StoredService[] = [];
  for (let index = 0; index < rows; index += 1) {
    const code = text(body, `code_${index}`).trim().toUpperCase();
    if (code === "") continue;
    if (!/^[0-9A-Z]{5}$/.test(code)) throw new InputError("invalid_input", `services row ${index + 1} code: ${JSON.stringify(code)} is not a CPT/HCPCS code`, { path: `code_${index}`, value: code });
    const stored = visit.services[index];
    const minutes = wholeNumber(body, `minutes_${index}`, { max: 1440 });
    const assistantMinutes = wholeNumber(body, `assistant_${index}`, { max: 1440 });
    const units = wholeNumber(body, `units_${index}`, { max: 99 });
    services.push({
      code,
      minutes: minutes ?? null,
      assistantMinutes: assistantMinutes ?? null,
      units: units ?? null,
      modifiers: list(text(body, `modifiers_${index}`), /^[0-9A-Z]{2}$/, `modifiers_${index}`),
      distinct: stored?.distinct ?? false,
      diagnosisPointers: stored?.diagnosisPointers?.length ? stored.diagnosisPointers : [1],
      description: stored?.description ?? null,
      // The assistant named on the service stays when the row still has assistant minutes.
      assistantProviderId: assistantMinutes ? (stored?.assistantProviderId ?? null) : null,
    });
  }
  const total = wholeNumber(body, "totalTreatmentMinutes", { max: 1440 });
  return {
    version,
    diagnoses: list(text(body, "diagnoses"), /^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/, "diagnoses"),
    totalTreatmentMinutes: total ?? null,
    services,
  };
}

/** The visit as it would be with the edit (for the preview: nothing is written). */
export function applyEdit(visit: VisitRecord, edit: VisitEdit): VisitRecord {
  return {
    ...visit,
    diagnoses: edit.diagnoses,
    totalTreatmentMinutes: edit.totalTreatmentMinutes,
    services: edit.services.map((service) => ({
      code: service.code,
      minutes: service.minutes ?? null,
      assistantMinutes: service.assistantMinutes ?? null,
      units: service.units ?? null,
      modifiers: service.modifiers ?? [],
      distinct: service.distinct ?? false,
      diagnosisPointers: service.diagnosisPointers ?? [],
      description: service.description ?? null,
      assistantProviderId: service.assistantProviderId ?? null,
    })),
  };
}

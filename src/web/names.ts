/** The names a page shows beside ids: the practice's therapists and payers (few), the page's patients. */
import type { Db } from "../store/transaction.js";

export interface Names {
  providers: Map<number, { firstName: string; lastName: string; role: string; discipline: string; npi: string }>;
  payers: Map<number, { name: string; kind: string }>;
  patients: Map<number, { firstName: string; lastName: string; externalId: string | null; birthDate: string | null }>;
}

export async function practiceNames(db: Db, practiceId: number, patientIds: readonly number[] = []): Promise<Names> {
  const [providers, payers] = await Promise.all([
    db.selectFrom("providers").select(["id", "first_name", "last_name", "role", "discipline", "npi"]).where("practice_id", "=", practiceId).orderBy("last_name").execute(),
    db.selectFrom("payers").select(["id", "name", "kind"]).where("practice_id", "=", practiceId).orderBy("name").execute(),
  ]);
  const names: Names = {
    providers: new Map(providers.map((row) => [row.id, { firstName: row.first_name, lastName: row.last_name, role: row.role, discipline: row.discipline, npi: row.npi }])),
    payers: new Map(payers.map((row) => [row.id, { name: row.name, kind: row.kind }])),
    patients: new Map(),
  };
  const unique = [...new Set(patientIds)];
  for (let start = 0; start < unique.length; start += 500) {
    const rows = await db
      .selectFrom("patients")
      .select(["id", "first_name", "last_name", "external_id", "birth_date"])
      .where("practice_id", "=", practiceId)
      .where("id", "in", unique.slice(start, start + 500))
      .execute();
    for (const row of rows) names.patients.set(row.id, { firstName: row.first_name, lastName: row.last_name, externalId: row.external_id, birthDate: row.birth_date });
  }
  return names;
}

/**
 * Create, read, update and list for the practice's records. Every resource has the same
 * four routes: POST /api/{name} (201), GET /api/{name}/:id, PATCH /api/{name}/:id with
 * the version read (409 when stale), GET /api/{name}?limit=&offset=&filters.
 */
import type { z } from "zod";
import { withBalance, withBalances } from "../../remit/balances.js";
import * as chargeMaster from "../../store/charge-master.js";
import * as claims from "../../store/claims.js";
import * as clearinghouses from "../../store/clearinghouses.js";
import * as coverages from "../../store/coverages.js";
import type { Page, PageRequest } from "../../store/paging.js";
import * as patients from "../../store/patients.js";
import * as payers from "../../store/payers.js";
import * as physicians from "../../store/physicians.js";
import * as plans from "../../store/plans-of-care.js";
import * as practices from "../../store/practices.js";
import * as providers from "../../store/providers.js";
import type { Versioned } from "../../store/entities.js";
import type { Db } from "../../store/transaction.js";
import * as visits from "../../store/visits.js";
import type { Store } from "../../store/database.js";
import type { VersionedTable } from "../../store/versioned.js";
import { auditRecordRead, auditedCreate, auditedPatch, scopedList } from "../record-access.js";
import { route, type Route } from "../route.js";
import * as partySchemas from "../claim-party-schemas.js";
import * as schemas from "../schemas.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- the table below pairs each resource's schemas with its repository */
interface Resource {
  name: string;
  noun: string;
  /** the table, for practice scoping, history and stamps */
  table: VersionedTable;
  create?: { schema: z.ZodType; run(db: Db, input: any): Promise<Versioned> };
  /** `actor` names who changes the record (kept in a claim's status history) */
  patch: { schema: z.ZodType; run(db: Db, id: number, patch: any, who: { actor?: string }): Promise<Versioned> };
  get(db: Db, id: number): Promise<Versioned>;
  list: { schema: z.ZodType; run(db: Db, filter: any, page: PageRequest): Promise<Page<unknown>> };
  record: z.ZodType;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

const RESOURCES: Resource[] = [
  {
    name: "practices",
    table: "practices",
    noun: "practice",
    // No POST: a principal belongs to one practice, so a practice it made would be out of its
    // reach. `otbill practice add NAME --admin EMAIL` makes one with its first admin (docs/practices.md).
    patch: { schema: schemas.practicePatchSchema, run: practices.updatePractice },
    get: practices.getPractice,
    list: { schema: schemas.practiceQuerySchema, run: practices.listPractices },
    record: schemas.practiceSchema,
  },
  {
    name: "providers",
    table: "providers",
    noun: "provider",
    create: { schema: schemas.providerCreateSchema, run: providers.createProvider },
    patch: { schema: schemas.providerPatchSchema, run: providers.updateProvider },
    get: providers.getProvider,
    list: { schema: schemas.providerQuerySchema, run: providers.listProviders },
    record: schemas.providerSchema,
  },
  {
    name: "payers",
    table: "payers",
    noun: "payer",
    create: { schema: schemas.payerCreateSchema, run: payers.createPayer },
    patch: { schema: schemas.payerPatchSchema, run: payers.updatePayer },
    get: payers.getPayer,
    list: { schema: schemas.payerQuerySchema, run: payers.listPayers },
    record: schemas.payerSchema,
  },
  {
    name: "patients",
    table: "patients",
    noun: "patient",
    create: { schema: schemas.patientCreateSchema, run: patients.createPatient },
    patch: { schema: schemas.patientPatchSchema, run: patients.updatePatient },
    get: patients.getPatient,
    list: { schema: schemas.patientQuerySchema, run: patients.listPatients },
    record: schemas.patientSchema,
  },
  {
    name: "coverages",
    table: "coverages",
    noun: "coverage",
    create: { schema: schemas.coverageCreateSchema, run: coverages.createCoverage },
    patch: { schema: schemas.coveragePatchSchema, run: coverages.updateCoverage },
    get: coverages.getCoverage,
    list: { schema: schemas.coverageQuerySchema, run: coverages.listCoverages },
    record: schemas.coverageSchema,
  },
  {
    name: "plans-of-care",
    table: "plans_of_care",
    noun: "plan of care",
    create: { schema: schemas.planOfCareCreateSchema, run: plans.createPlanOfCare },
    patch: { schema: schemas.planOfCarePatchSchema, run: plans.updatePlanOfCare },
    get: plans.getPlanOfCare,
    list: { schema: schemas.planOfCareQuerySchema, run: plans.listPlansOfCare },
    record: schemas.planOfCareSchema,
  },
  {
    name: "visits",
    table: "visits",
    noun: "visit",
    create: { schema: schemas.visitCreateSchema, run: visits.createVisit },
    patch: { schema: schemas.visitPatchSchema, run: visits.updateVisit },
    get: visits.getVisit,
    list: { schema: schemas.visitQuerySchema, run: visits.listVisits },
    record: schemas.visitRecordSchema,
  },
  {
    // Claims are built from a scrub (POST /api/visits/:id/claim), never posted by hand.
    name: "claims",
    table: "claims",
    noun: "claim",
    patch: { schema: schemas.claimPatchSchema, run: async (db, id, patch, who) => withBalance(db, await claims.updateClaim(db, id, patch, who)) },
    // Each claim shows what is still owed on it and by whom (src/remit/balances.ts).
    get: async (db, id) => withBalance(db, await claims.getClaim(db, id)),
    list: {
      schema: schemas.claimQuerySchema,
      run: async (db, filter, page) => {
        const found = await claims.listClaims(db, filter, page);
        return { ...found, items: await withBalances(db, found.items) };
      },
    },
    record: schemas.claimSchema,
  },
  // The parties a claim names beyond the visit (claims out).
  {
    name: "physicians",
    table: "physicians",
    noun: "physician",
    create: { schema: partySchemas.physicianCreateSchema, run: physicians.createPhysician },
    patch: { schema: partySchemas.physicianPatchSchema, run: physicians.updatePhysician },
    get: physicians.getPhysician,
    list: { schema: partySchemas.physicianQuerySchema, run: physicians.listPhysicians },
    record: partySchemas.physicianSchema,
  },
  {
    name: "charge-master",
    table: "charge_master",
    noun: "charge",
    create: { schema: partySchemas.chargeCreateSchema, run: chargeMaster.createCharge },
    patch: { schema: partySchemas.chargePatchSchema, run: chargeMaster.updateCharge },
    get: chargeMaster.getCharge,
    list: { schema: partySchemas.chargeQuerySchema, run: chargeMaster.listCharges },
    record: partySchemas.chargeSchema,
  },
  {
    name: "clearinghouse-settings",
    table: "clearinghouse_settings",
    noun: "clearinghouse settings record",
    create: { schema: partySchemas.clearinghouseCreateSchema, run: clearinghouses.createClearinghouse },
    patch: { schema: partySchemas.clearinghousePatchSchema, run: clearinghouses.updateClearinghouse },
    get: clearinghouses.getClearinghouse,
    list: { schema: partySchemas.clearinghouseQuerySchema, run: clearinghouses.listClearinghouses },
    record: partySchemas.clearinghouseSchema,
  },
];

function routesOf(resource: Resource, store: Store): Route[] {
  const base = `/api/${resource.name}`;
  const tag = resource.name;
  const routes: Route[] = [];
  if (resource.create) {
    const create = resource.create;
    routes.push(
      route({
        method: "POST",
        url: base,
        tag,
        summary: `Create a ${resource.noun}`,
        body: create.schema,
        response: resource.record,
        status: 201,
        errors: [400, 409, 413, 422],
        handler: ({ body, request }) => auditedCreate(store, request, resource, body, (db) => create.run(db, body)),
      }),
    );
  }
  routes.push(
    route({
      method: "GET",
      url: base,
      tag,
      summary: `List ${resource.name.replace(/-/g, " ")}`,
      query: resource.list.schema,
      response: schemas.pageOf(resource.record),
      errors: [400],
      handler: ({ query, request }) => {
        const { limit, offset, ...filter } = query as PageRequest & Record<string, unknown>;
        return scopedList(store, request, resource, filter, (db, scoped) => resource.list.run(db, scoped, { limit, offset }));
      },
    }),
    route({
      method: "GET",
      url: `${base}/:id`,
      tag,
      summary: `Read a ${resource.noun}`,
      params: schemas.idParamsSchema,
      response: resource.record,
      errors: [400, 404],
      handler: ({ params, request }) => auditRecordRead(store, request, resource, params.id, (db) => resource.get(db, params.id)),
    }),
    route({
      method: "PATCH",
      url: `${base}/:id`,
      tag,
      summary: `Change a ${resource.noun} (send the version you read)`,
      params: schemas.idParamsSchema,
      body: resource.patch.schema,
      response: resource.record,
      errors: [400, 404, 409, 413, 422],
      handler: ({ params, body, request }) =>
        auditedPatch(store, request, resource, params.id, (db) => resource.get(db, params.id), (db) => resource.patch.run(db, params.id, body, { actor: request.principal?.actor })),
    }),
  );
  return routes;
}

export function recordRoutes(store: Store): Route[] {
  return RESOURCES.flatMap((resource) => routesOf(resource, store));
}

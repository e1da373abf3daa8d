/**
 * The records claims out adds (physicians, the charge master, clearinghouse settings) at the
 * HTTP boundary. As in schemas.ts: strict bodies, and PATCH takes the create fields, all
 * optional, validated by the same field schemas.
 */
import { z } from "zod";
import { isoDateSchema } from "../contract/visit.js";
import type { ChargeInput, ClearinghouseInput, PhysicianInput } from "../store/entities.js";
import { MAX_PAGE_SIZE } from "../store/paging.js";
import { idSchema, npiSchema, phoneSchema, versionSchema } from "./schemas.js";

const name = z.string().trim().min(1, "is empty").max(60);
const wholeNumber = () => z.coerce.number({ error: "must be a number" }).int("must be a whole number");
const pageQuery = {
  limit: wholeNumber().min(1).max(MAX_PAGE_SIZE).optional(),
  offset: wholeNumber().min(0).optional(),
};
const idQuery = wholeNumber().positive("must be a positive id");

function patchOf<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape).partial().extend({ version: versionSchema });
}
function recordOf<T extends z.ZodRawShape>(shape: T) {
  return z.object({ id: idSchema, ...shape, version: versionSchema });
}

// Referring/certifying physicians
const physicianFields = { firstName: name, lastName: name, npi: npiSchema };
export const physicianCreateSchema = z.strictObject({ practiceId: idSchema, ...physicianFields });
export const physicianPatchSchema = patchOf(physicianFields);
export const physicianSchema = recordOf({ practiceId: idSchema, ...physicianFields });
export const physicianQuerySchema = z.object({ ...pageQuery, practiceId: idQuery.optional(), npi: z.string().optional() });

// The charge master
const chargeFields = {
  code: z.string().trim().regex(/^[0-9A-Z]{5}$/, "must be a 5-character HCPCS/CPT code"),
  chargeCents: z.number().int("must be whole cents").positive("must be more than 0").max(9_999_999).describe("the practice's charge per unit, in cents"),
  effectiveFrom: isoDateSchema,
  effectiveThrough: isoDateSchema.nullish().describe("last day in force; open-ended when absent"),
};
export const chargeCreateSchema = z
  .strictObject({ practiceId: idSchema, ...chargeFields })
  .refine((charge) => !charge.effectiveThrough || charge.effectiveFrom <= charge.effectiveThrough, { message: "is before effectiveFrom", path: ["effectiveThrough"] });
export const chargePatchSchema = patchOf(chargeFields);
export const chargeSchema = recordOf({ practiceId: idSchema, ...chargeFields });
export const chargeQuerySchema = z.object({ ...pageQuery, practiceId: idQuery.optional(), code: z.string().optional(), activeOn: isoDateSchema.optional().describe("charges in force on this date") });

// Clearinghouse settings
const isaQualifier = z.string().regex(/^[0-9A-Z]{2}$/, "must be a two-character ISA qualifier, e.g. ZZ");
const isaId = z.string().trim().min(1, "is empty").max(15, "must be at most 15 characters (ISA06/ISA08)");
const clearinghouseFields = {
  submitterId: z.string().trim().min(2, "is too short").max(80).describe("1000A NM109"),
  submitterName: name,
  contactName: name,
  contactPhone: phoneSchema,
  receiverId: z.string().trim().min(2, "is too short").max(80).describe("1000B NM109"),
  receiverName: name,
  senderQualifier: isaQualifier.optional(),
  senderId: isaId.describe("ISA06"),
  receiverQualifier: isaQualifier.optional(),
  interchangeReceiverId: isaId.describe("ISA08"),
  usageIndicator: z.enum(["T", "P"]).optional().describe("ISA15: T test, P production"),
};
export const clearinghouseCreateSchema = z.strictObject({ practiceId: idSchema, ...clearinghouseFields });
export const clearinghousePatchSchema = patchOf(clearinghouseFields);
export const clearinghouseSchema = recordOf({ practiceId: idSchema, ...clearinghouseFields });
export const clearinghouseQuerySchema = z.object({ ...pageQuery, practiceId: idQuery.optional() });

type Accepts<Store, Schema extends z.ZodType> = z.output<Schema> extends Store ? true : never;
export const PARTY_SCHEMAS_MATCH_STORE: [Accepts<PhysicianInput, typeof physicianCreateSchema>, Accepts<ChargeInput, typeof chargeCreateSchema>, Accepts<ClearinghouseInput, typeof clearinghouseCreateSchema>] = [
  true,
  true,
  true,
];

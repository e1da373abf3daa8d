/**
 * The claim document (CONTRACT.md Part 2, "Claim document"): a visit plus the parties a claim
 * names. One schema for the CLI's stateless path, the API and stored batches, so the 837P and
 * CMS-1500 writers read one shape whoever built it. Field-level checks live here (NPI check
 * digits, 9-digit billing ZIP, frequency 7/8 needing the payer's claim control number); whether
 * the visit's scrub allows a claim at all is the claim builder's question.
 */
import { z } from "zod";
import { npiProblem } from "../store/npi.js";
import { isoDateSchema, visitSchema } from "./visit.js";

const npiSchema = z.string().superRefine((text, context) => {
  const problem = npiProblem(text);
  if (problem) context.addIssue({ code: "custom", message: problem });
});

const stateSchema = z.string().regex(/^[A-Z]{2}$/, "must be a two-letter state code");
const zipSchema = z.string().regex(/^\d{5}(\d{4})?$/, "must be 5 or 9 digits");
/** The billing provider's ZIP must carry all 9 digits (837P 2010AA N403; NUCC item 33). */
const zip9Schema = z.string().regex(/^\d{9}$/, "must be 9 digits (ZIP+4) for the billing provider");
const phoneSchema = z.string().regex(/^\d{10}$/, "must be 10 digits");
const taxonomySchema = z.string().regex(/^[0-9A-Z]{9}X$/, "must be a 10-character provider taxonomy code, e.g. 225X00000X");
const sexSchema = z.enum(["F", "M", "U"]);

export const addressSchema = z.object({
  line1: z.string().trim().min(1, "is empty").max(55),
  line2: z.string().trim().max(55).optional(),
  city: z.string().trim().min(1, "is empty").max(30),
  state: stateSchema,
  zip: zipSchema,
});

export const billingProviderSchema = z.object({
  name: z.string().trim().min(1, "is empty").max(60),
  npi: npiSchema,
  taxId: z.string().regex(/^\d{9}$/, "must be the 9-digit EIN"),
  taxonomy: taxonomySchema,
  phone: phoneSchema.optional(),
  address: addressSchema.extend({ zip: zip9Schema }),
  /** where the payer should send payment, when not the billing address (837P 2010AB) */
  payToAddress: addressSchema.optional(),
});

export const personProviderSchema = z.object({
  firstName: z.string().trim().min(1, "is empty").max(35),
  lastName: z.string().trim().min(1, "is empty").max(60),
  npi: npiSchema,
  taxonomy: taxonomySchema.optional(),
});

export const subscriberSchema = z.object({
  memberId: z.string().trim().min(1, "is empty").max(80),
  firstName: z.string().trim().min(1, "is empty").max(35),
  lastName: z.string().trim().min(1, "is empty").max(60),
  birthDate: isoDateSchema,
  sex: sexSchema,
  address: addressSchema,
  groupNumber: z.string().trim().max(50).optional(),
});

export const claimPatientSchema = z.object({
  firstName: z.string().trim().min(1, "is empty").max(35),
  lastName: z.string().trim().min(1, "is empty").max(60),
  birthDate: isoDateSchema,
  sex: sexSchema,
  address: addressSchema,
  relationship: z.enum(["spouse", "child", "other"]),
});

export const claimPayerSchema = z.object({
  name: z.string().trim().min(1, "is empty").max(60),
  payerId: z.string().trim().min(2, "is too short").max(80),
  address: addressSchema.optional(),
  /** SBR09; derived from the visit's payer kind when absent */
  claimFilingIndicator: z.string().regex(/^[0-9A-Z]{1,2}$/).optional(),
});

export const submitterSchema = z.object({
  name: z.string().trim().min(1, "is empty").max(60),
  id: z.string().trim().min(2, "is too short").max(80),
  contactName: z.string().trim().min(1, "is empty").max(60),
  phone: phoneSchema,
});

export const receiverSchema = z.object({
  name: z.string().trim().min(1, "is empty").max(60),
  id: z.string().trim().min(2, "is too short").max(80),
});

export const claimDocumentSchema = z
  .object({
    claimId: z.string().trim().min(1, "is empty").max(20, "must be at most 20 characters (Medicare returns only 20 of CLM01)"),
    frequency: z.enum(["1", "7", "8"]).default("1"),
    payerClaimControlNumber: z.string().trim().min(1).max(50).nullable().default(null),
    visit: visitSchema,
    chargeMaster: z.record(z.string(), z.number().finite().positive("must be more than 0").max(99_999.99)),
    billingProvider: billingProviderSchema,
    renderingProvider: personProviderSchema.nullable().optional(),
    referringProvider: personProviderSchema.nullable().optional(),
    /** where the service was furnished, when not the billing address (837P 2310C, NUCC item 32) */
    serviceFacility: z.object({ name: z.string().trim().min(1).max(60), npi: npiSchema.optional(), address: addressSchema }).nullable().optional(),
    subscriber: subscriberSchema,
    patient: claimPatientSchema.nullable().default(null),
    payer: claimPayerSchema,
    priorAuthorization: z.string().trim().min(1).max(50).nullable().default(null),
    /** CLM06-CLM09 (items 12, 13, 27, 31); each derived when absent (src/x12/837p/codes.ts claimAssignment) */
    assignment: z
      .object({
        providerSignatureOnFile: z.boolean().optional(),
        acceptsAssignment: z.boolean().optional(),
        benefitsAssigned: z.boolean().optional(),
        releaseOfInformation: z.enum(["Y", "I"]).optional(),
      })
      .optional(),
    submitter: submitterSchema,
    receiver: receiverSchema,
  })
  .superRefine((claim, context) => {
    if (claim.frequency !== "1" && !claim.payerClaimControlNumber) {
      context.addIssue({ code: "custom", path: ["payerClaimControlNumber"], message: `is required for frequency ${claim.frequency} (replacement or void)` });
    }
  });

export type ClaimDocument = z.infer<typeof claimDocumentSchema>;
export type ClaimAddress = z.infer<typeof addressSchema>;
export type BillingProvider = z.infer<typeof billingProviderSchema>;
export type PersonProvider = z.infer<typeof personProviderSchema>;
export type Subscriber = z.infer<typeof subscriberSchema>;
export type ClaimPatient = z.infer<typeof claimPatientSchema>;
export type ClaimPayer = z.infer<typeof claimPayerSchema>;

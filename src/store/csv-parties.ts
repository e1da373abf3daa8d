/**
 * The claim parties a visit import row may carry (docs/import-visits.md, "Claim parties"):
 * the patient's sex, phone and address, the payer's electronic payer id, the therapist's
 * taxonomy, and the coverage (member id, relationship to the subscriber, group number, the
 * subscriber's own name, birth date and sex). They are used when the record is created,
 * like the patient's name. A row gives all of an address or none of it.
 */
import { z } from "zod";
import { isoDateSchema } from "../contract/visit.js";
import type { PostalAddress, Sex, SubscriberDetails, SubscriberRelationship } from "./entities.js";
import type { RowReader } from "./visit-csv.js";

export const CLAIM_PARTY_COLUMNS = [
  "patient_sex",
  "patient_phone",
  "patient_address_line1",
  "patient_address_line2",
  "patient_city",
  "patient_state",
  "patient_zip",
  "payer_id",
  "provider_taxonomy",
  "member_id",
  "relationship",
  "group_number",
  "subscriber_first_name",
  "subscriber_last_name",
  "subscriber_birth_date",
  "subscriber_sex",
] as const;

export interface CsvClaimParties {
  patient: { sex?: Sex; phone?: string; address?: PostalAddress };
  /** the payer's electronic payer id */
  payerId?: string;
  providerTaxonomy?: string;
  coverage?: { memberId: string; relationship: SubscriberRelationship; groupNumber?: string; subscriber?: SubscriberDetails };
}

const phone = z.string().regex(/^\d{10}$/, "must be 10 digits");
const state = z.string().regex(/^[A-Z]{2}$/, "must be a two-letter state code, e.g. CO");
const zip = z.string().regex(/^\d{5}(\d{4})?$/, "must be 5 or 9 digits");
const taxonomy = z.string().regex(/^[0-9A-Z]{9}X$/, "must be a 10-character provider taxonomy code, e.g. 225X00000X");
const payerId = z.string().min(2, "is too short").max(80);
const memberId = z.string().min(1).max(64);
const SEXES = ["F", "M", "U"] as const;
const RELATIONSHIPS = ["self", "spouse", "child", "other"] as const;

function address(reader: RowReader): PostalAddress | undefined {
  const line1 = reader.text("patient_address_line1");
  const line2 = reader.text("patient_address_line2");
  const city = reader.text("patient_city");
  const stateText = reader.text("patient_state")?.toUpperCase();
  const zipText = reader.text("patient_zip")?.replace(/-/g, "");
  if ([line1, line2, city, stateText, zipText].every((part) => part === undefined)) return undefined;
  const checkedState = stateText === undefined ? reader.fail("patient_state", "is required with an address") : reader.checked("patient_state", state, stateText);
  const checkedZip = zipText === undefined ? reader.fail("patient_zip", "is required with an address") : reader.checked("patient_zip", zip, zipText);
  if (line1 === undefined) reader.fail("patient_address_line1", "is required with an address");
  if (city === undefined) reader.fail("patient_city", "is required with an address");
  if (line1 === undefined || city === undefined || checkedState === undefined || checkedZip === undefined) return undefined;
  return { line1, ...(line2 ? { line2 } : {}), city, state: checkedState, zip: checkedZip };
}

export function readClaimParties(reader: RowReader): CsvClaimParties {
  const parties: CsvClaimParties = { patient: {} };
  const sexText = reader.text("patient_sex");
  if (sexText !== undefined) parties.patient.sex = reader.oneOf("patient_sex", SEXES, "U");
  const phoneText = reader.text("patient_phone")?.replace(/[^\d]/g, "");
  const checkedPhone = phoneText === undefined ? undefined : reader.checked("patient_phone", phone, phoneText);
  if (checkedPhone) parties.patient.phone = checkedPhone;
  const checkedAddress = address(reader);
  if (checkedAddress) parties.patient.address = checkedAddress;
  const checkedPayerId = reader.checked("payer_id", payerId.optional(), reader.text("payer_id"));
  if (checkedPayerId) parties.payerId = checkedPayerId;
  const checkedTaxonomy = reader.checked("provider_taxonomy", taxonomy.optional(), reader.text("provider_taxonomy")?.toUpperCase());
  if (checkedTaxonomy) parties.providerTaxonomy = checkedTaxonomy;

  const member = reader.checked("member_id", memberId.optional(), reader.text("member_id"));
  const relationship = reader.oneOf("relationship", RELATIONSHIPS, "self");
  const groupNumber = reader.text("group_number");
  if (member === undefined) {
    if (reader.text("relationship") !== undefined || groupNumber !== undefined) reader.fail("member_id", "is required with relationship or group_number");
    return parties;
  }
  parties.coverage = { memberId: member, relationship, ...(groupNumber ? { groupNumber } : {}) };
  if (relationship !== "self") {
    // The subscriber lives at the patient's address unless the practice says otherwise through the API.
    const firstName = reader.text("subscriber_first_name") ?? reader.fail("subscriber_first_name", `is required when relationship is ${relationship}`);
    const lastName = reader.text("subscriber_last_name") ?? reader.fail("subscriber_last_name", `is required when relationship is ${relationship}`);
    const birthText = reader.text("subscriber_birth_date");
    const birthDate = birthText === undefined ? reader.fail("subscriber_birth_date", `is required when relationship is ${relationship}`) : reader.checked("subscriber_birth_date", isoDateSchema, birthText);
    const sex = reader.text("subscriber_sex") === undefined ? reader.fail("subscriber_sex", `is required when relationship is ${relationship}`) : reader.oneOf("subscriber_sex", SEXES, "U");
    if (!checkedAddress) reader.fail("patient_address_line1", `the patient's address is required when relationship is ${relationship} (the subscriber's is taken to be the same)`);
    if (firstName && lastName && birthDate && sex && checkedAddress) parties.coverage.subscriber = { firstName, lastName, birthDate, sex, address: checkedAddress };
  }
  return parties;
}

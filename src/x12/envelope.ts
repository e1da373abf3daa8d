/**
 * The interchange envelope: ISA/IEA, GS/GE and ST/SE. ISA is the one fixed-width segment of
 * X12 (every element padded to its width, 106 characters with the terminator), because a
 * receiver reads the separators from fixed positions before it can parse anything else; its
 * layout is the table below (X12.5 / 005010 ISA).
 */
import { InputError } from "../errors.js";
import { isIsoDate, type IsoDate } from "../reference/dates.js";
import { SEPARATORS, x12Date, x12Text, type Separators } from "./segments.js";

export interface InterchangeOptions {
  /** ISA13 and GS06: unique and increasing per sender (the store keeps the last one) */
  controlNumber: number;
  /** the date the file is created (ISA09, GS04, BHT04) */
  date: IsoDate;
  /** HHMM, the time the file is created (ISA10, GS05, BHT05) */
  time: string;
  /** ISA15: T test, P production */
  usage: "T" | "P";
  /** ISA05, ZZ (mutually defined) when absent */
  senderQualifier?: string;
  /** ISA06 and GS02; the submitter id of the first claim when absent */
  senderId?: string;
  receiverQualifier?: string;
  /** ISA08 and GS03; the receiver id of the first claim when absent */
  receiverId?: string;
}

/** ISA01-ISA16: each element's fixed width (X12.5 interchange control structures). */
const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1] as const;

const MAX_CONTROL_NUMBER = 999_999_999;

function fail(path: string, message: string, value: unknown): never {
  throw new InputError("invalid_input", `${path}: ${message} (got ${JSON.stringify(value)})`, { path, value });
}

/** The options with defaults filled and every value checked; a bad value is an InputError naming it. */
export function checkInterchange(options: InterchangeOptions, senderId: string, receiverId: string): Required<InterchangeOptions> {
  const { controlNumber, date, time, usage } = options;
  if (!Number.isInteger(controlNumber) || controlNumber < 1 || controlNumber > MAX_CONTROL_NUMBER) {
    fail("controlNumber", `must be a whole number from 1 to ${MAX_CONTROL_NUMBER}`, controlNumber);
  }
  if (!isIsoDate(date)) fail("date", "must be a calendar date in YYYY-MM-DD form", date);
  if (!/^([01]\d|2[0-3])[0-5]\d$/.test(time)) fail("time", "must be HHMM (24-hour clock)", time);
  if (usage !== "T" && usage !== "P") fail("usage", "must be T (test) or P (production)", usage);
  const checked = {
    controlNumber,
    date,
    time,
    usage,
    senderQualifier: options.senderQualifier ?? "ZZ",
    senderId: options.senderId ?? senderId,
    receiverQualifier: options.receiverQualifier ?? "ZZ",
    receiverId: options.receiverId ?? receiverId,
  };
  for (const key of ["senderQualifier", "receiverQualifier"] as const) {
    if (!/^[0-9A-Z]{2}$/.test(checked[key])) fail(key, "must be a two-character ISA qualifier, e.g. ZZ", checked[key]);
  }
  for (const key of ["senderId", "receiverId"] as const) {
    const value = checked[key];
    if (x12Text(value) !== value || value.length === 0 || value.length > 15) fail(key, "must be 1 to 15 characters without X12 separators", value);
  }
  return checked;
}

function fixed(value: string, width: number): string {
  return value.length >= width ? value.slice(0, width) : value + " ".repeat(width - value.length);
}

/** The ISA segment, 106 characters with its terminator (the line break is extra). */
export function isaSegment(options: Required<InterchangeOptions>, separators: Separators = SEPARATORS, lineBreak = "\n"): string {
  const values = [
    "00", "", "00", "",
    options.senderQualifier, options.senderId, options.receiverQualifier, options.receiverId,
    x12Date(options.date).slice(2), options.time,
    separators.repetition, "00501", String(options.controlNumber).padStart(9, "0"),
    // ISA14 0: no TA1 interchange acknowledgment requested; the 999 answers the content.
    "0", options.usage, separators.component,
  ];
  const elements = values.map((value, index) => fixed(value, ISA_WIDTHS[index]!));
  return `ISA${separators.element}${elements.join(separators.element)}${separators.segment}${lineBreak}`;
}

/** ST02: the transaction set control number, 4 to 9 digits, unique within the group. */
export function transactionControlNumber(sequence: number): string {
  return String(sequence).padStart(4, "0");
}

/**
 * How the NUCC 1500 Reference Instruction Manual (02/12) wants values written on the form:
 * upper case for the scanners, names "LAST, FIRST" with no periods, addresses without
 * punctuation, 9-digit ZIP codes with the hyphen, phone numbers without separators, dates as
 * MM DD YY or MM DD YYYY, money as dollars and cents without the decimal point (the form
 * prints the dotted line between them), ICD-10-CM codes without the dot.
 */
import type { ClaimAddress } from "../contract/claim-document.js";
import type { IsoDate } from "../reference/dates.js";

/**
 * Upper case and only characters the standard Courier font has: accents are dropped
 * (JOSÉ -> JOSE), anything else unprintable becomes a space, runs of spaces collapse.
 */
export function formText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .replace(/[^\x20-\x7E]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Item 2 / 4: "DOE, JANE" (NUCC: last name, first name, commas between, no periods). */
export function personName(last: string, first: string): string {
  return formText(`${last.replace(/\./g, "")}, ${first.replace(/\./g, "")}`);
}

/** Item 17: "MARK CHEN" (NUCC: first name, middle initial, last name; no periods). */
export function providerName(first: string, last: string): string {
  return formText(`${first} ${last}`.replace(/\./g, ""));
}

/** Items 5, 7, 32, 33: no commas, periods or other symbols in an address (NUCC: "123 N MAIN STREET 101"). */
export function addressText(text: string): string {
  return formText(text.replace(/[.,#]/g, " "));
}

/** A 9-digit ZIP code is written with its hyphen (NUCC item 5: "include the hyphen"). */
export function zipText(zip: string): string {
  return zip.length === 9 ? `${zip.slice(0, 5)}-${zip.slice(5)}` : zip;
}

export function cityStateZip(address: ClaimAddress): string {
  return `${addressText(address.city)} ${address.state} ${zipText(address.zip)}`;
}

/** "2026-11-03" -> { month: "11", day: "03", year: "2026", shortYear: "26" } */
export function dateParts(date: IsoDate): { month: string; day: string; year: string; shortYear: string } {
  return { year: date.slice(0, 4), shortYear: date.slice(2, 4), month: date.slice(5, 7), day: date.slice(8, 10) };
}

/** Item 31's date, MM DD YY. */
export function shortDate(date: IsoDate): string {
  const { month, day, shortYear } = dateParts(date);
  return `${month} ${day} ${shortYear}`;
}

/**
 * 11000 cents -> "110 00": the dollars, a space where the form prints its dotted dollars/cents
 * line, and the cents (NUCC 24F and 28: no dollar signs, commas or decimal point; "00" for
 * whole dollars). The caller right-aligns it so the cents land in the cents columns.
 */
export function moneyText(cents: number): string {
  const dollars = Math.floor(cents / 100);
  return `${dollars} ${String(cents % 100).padStart(2, "0")}`;
}

/** M62.81 -> M6281 (item 21: "do not include the decimal point"). */
export function icdText(code: string): string {
  return code.replace(/\./g, "").toUpperCase();
}

/** 1-based diagnosis pointers -> item 24E letters without separators: [1, 3] -> "AC". */
export function pointerLetters(pointers: readonly number[]): string {
  return pointers.map((pointer) => String.fromCharCode(64 + pointer)).join("");
}

/** 3035551212 -> the area code and the number, written without hyphens or spaces. */
export function phoneParts(phone: string): { area: string; number: string } {
  return { area: phone.slice(0, 3), number: phone.slice(3) };
}

/** Right-aligns a value in a field of the given width (money); left-aligned text is written as it is. The caller checks that it fits. */
export function fit(text: string, width: number, align: "left" | "right" = "left"): string {
  if (align === "right") return text.padStart(width);
  return text;
}

/**
 * National Provider Identifier check digit. An NPI is 10 digits whose last digit is a
 * Luhn check digit computed over the 9 leading digits prefixed with 80840 (the ISO
 * card-issuer prefix for US health identifiers; CMS "Requirements for Health Care
 * Provider Identifier", 2006). Catching a typo here saves a rejected claim later.
 */

/** The check digit for the first 9 digits of an NPI. */
export function npiCheckDigit(firstNine: string): number {
  if (!/^\d{9}$/.test(firstNine)) throw new Error(`expected 9 digits, got ${JSON.stringify(firstNine)}`);
  const digits = `80840${firstNine}`;
  let sum = 0;
  // Luhn: double every second digit counting leftwards from the one next to the check digit.
  for (let index = digits.length - 1, double = true; index >= 0; index -= 1, double = !double) {
    let digit = Number(digits[index]);
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Why the text is not a valid NPI, or undefined when it is. */
export function npiProblem(text: string): string | undefined {
  if (!/^\d{10}$/.test(text)) return "must be 10 digits";
  if (text.startsWith("0")) return "cannot start with 0";
  const expected = npiCheckDigit(text.slice(0, 9));
  if (Number(text[9]) !== expected) return `check digit should be ${expected}, not ${text[9]}`;
  return undefined;
}

export function isValidNpi(text: string): boolean {
  return npiProblem(text) === undefined;
}

/** A valid NPI from 9 leading digits (used to make synthetic providers). */
export function completeNpi(firstNine: string): string {
  return `${firstNine}${npiCheckDigit(firstNine)}`;
}

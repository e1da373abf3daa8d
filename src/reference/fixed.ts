/**
 * Exact decimals as scaled integers. CMS publishes RVUs with 2 decimals, GPCIs with 3
 * and conversion factors with 4; reading them as integers of hundredths, thousandths
 * and ten-thousandths keeps every product exact until the one rounding per amount.
 */
export function parseScaled(text: string, decimals: number): number | undefined {
  const trimmed = text.trim();
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(trimmed);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return undefined;
  const fraction = (match[3] ?? "").padEnd(decimals, "0");
  if (fraction.length > decimals && /[^0]/.test(fraction.slice(decimals))) return undefined;
  const value = Number(match[2] || "0") * 10 ** decimals + Number(fraction.slice(0, decimals) || "0");
  return match[1] === "-" ? -value : value;
}

/** Formats a scaled integer back as a decimal string, e.g. (3340090, 5) -> "33.40090". */
export function formatScaled(value: number, decimals: number): string {
  const sign = value < 0 ? "-" : "";
  const digits = String(Math.abs(value)).padStart(decimals + 1, "0");
  if (decimals === 0) return sign + digits;
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** Integer cents to a dollar number with two decimals, for JSON output only. */
export function centsToDollars(cents: number): number {
  return Math.round(cents) / 100;
}

/** Dollars as given in JSON input (e.g. 1850.25) to integer cents, rounding half away from zero. */
export function dollarsToCents(dollars: number): number {
  const scaled = parseScaled(dollars.toFixed(4), 4);
  const value = scaled ?? Math.round(dollars * 10000);
  return Math.sign(value) * Math.floor((Math.abs(value) + 50) / 100);
}

/** "$1,234.56" */
export function formatDollars(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.round(cents));
  const dollars = Math.floor(abs / 100);
  // Groups of three from the right, by arithmetic (a KX message writes four amounts of a few thousand dollars on every visit).
  let whole = "";
  let rest = dollars;
  while (rest >= 1000) {
    whole = `,${String(rest % 1000).padStart(3, "0")}${whole}`;
    rest = Math.floor(rest / 1000);
  }
  whole = `${rest}${whole}`;
  return `${sign}$${whole}.${String(abs % 100).padStart(2, "0")}`;
}

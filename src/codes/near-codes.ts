/** Codes near what was typed: the suggestions for an unknown or mistyped CPT/HCPCS code. */

/** Levenshtein distance; codes are 5 characters, so the quadratic table is tiny. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

const MAX_NEAR_DISTANCE = 2;

/** Catalog codes nearest an unknown code: fewest edits, then nearest in number, then code order. */
export function nearestCodes(codes: readonly string[], typed: string, limit: number): { code: string; distance: number }[] {
  const numeric = (code: string): number | undefined => (/^\d+$/.test(code) ? Number(code) : undefined);
  const typedNumber = numeric(typed);
  const gap = (code: string): number => {
    const value = numeric(code);
    return typedNumber === undefined || value === undefined ? Number.POSITIVE_INFINITY : Math.abs(value - typedNumber);
  };
  return codes
    .map((code) => ({ code, distance: editDistance(typed, code) }))
    .filter((near) => near.distance <= MAX_NEAR_DISTANCE)
    .sort((a, b) => a.distance - b.distance || gap(a.code) - gap(b.code) || (a.code < b.code ? -1 : 1))
    .slice(0, limit);
}

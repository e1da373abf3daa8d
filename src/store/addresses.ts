/** Postal addresses kept whole as JSON text (they are read and written whole, never queried by part). */
import { fromJsonText, toJsonText } from "./columns.js";
import type { PostalAddress } from "./entities.js";

/** For a write: undefined leaves the column alone, null clears it. */
export function addressText(address: PostalAddress | null | undefined): string | null | undefined {
  if (address === undefined) return undefined;
  if (address === null) return null;
  const { line1, line2, city, state, zip } = address;
  return toJsonText({ line1, ...(line2 ? { line2 } : {}), city, state, zip });
}

export function toAddress(text: string | null): PostalAddress | null {
  return fromJsonText<PostalAddress | null>(text, null);
}

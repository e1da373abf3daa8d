/**
 * A problem in an 835 file, located the way a biller or a clearinghouse finds it again:
 * the file, the segment's ordinal (1 = the ISA), its byte offset and the element
 * (CLP03). An error means nothing in the file is posted; a warning is reported and the
 * file still parses.
 */
import { InputError } from "../../errors.js";

export interface X12Location {
  file?: string;
  /** 1-based ordinal of the segment in the file */
  segment?: number;
  segmentId?: string;
  /** byte offset of the segment's first character */
  offset?: number;
  /** element reference, e.g. CLP03 or SVC01-2 */
  element?: string;
}

export function describeLocation(location: X12Location): string {
  const parts: string[] = [];
  if (location.segment !== undefined) parts.push(`segment ${location.segment}${location.segmentId ? ` (${location.segmentId})` : ""}`);
  if (location.offset !== undefined) parts.push(`byte ${location.offset}`);
  if (location.element) parts.push(location.element);
  const where = parts.join(", ");
  return [location.file, where].filter((part) => part && part.length > 0).join(": ");
}

export class X12Error extends InputError {
  readonly location: X12Location;
  readonly reason: string;

  constructor(reason: string, location: X12Location, value?: unknown) {
    const where = describeLocation(location);
    super("invalid_input", where ? `${where}: ${reason}` : reason, { ...(location.element ? { path: location.element } : {}), ...(value !== undefined ? { value } : {}) });
    this.name = "X12Error";
    this.location = location;
    this.reason = reason;
  }

  /** The message already carries the file and segment. */
  override located(): string {
    return this.message;
  }
}

export interface X12Warning extends X12Location {
  message: string;
}

export function formatWarning(warning: X12Warning): string {
  const where = describeLocation(warning);
  return where ? `${where}: ${warning.message}` : warning.message;
}

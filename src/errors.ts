/**
 * The one error vocabulary of otbill's shell. Every error a user can cause is an
 * InputError: it names the field, file, line or value at fault. The CLI turns it into
 * one line on stderr and exit code 2; the HTTP layer into status 400/404/409/422.
 */
export type InputErrorCode =
  | "invalid_date"
  | "invalid_input"
  | "invalid_json"
  | "file_not_found"
  | "file_unreadable"
  | "malformed_row"
  | "unknown_locality"
  | "unknown_code"
  | "not_found"
  | "conflict"
  | "unprocessable"
  // access (src/auth): no credentials, a role that may not, too many attempts
  | "unauthenticated"
  | "forbidden"
  | "too_many_requests";

export interface InputErrorDetails {
  /** dotted path of the field at fault, e.g. services[1].minutes */
  path?: string;
  file?: string;
  line?: number;
  value?: unknown;
}

export class InputError extends Error {
  readonly code: InputErrorCode;
  readonly details: InputErrorDetails;

  constructor(code: InputErrorCode, message: string, details: InputErrorDetails = {}) {
    super(message);
    this.name = "InputError";
    this.code = code;
    this.details = details;
  }

  /** "file:line: message" when the error is located in a file, else the message. */
  located(): string {
    const { file, line } = this.details;
    if (file && line !== undefined) return `${file}:${line}: ${this.message}`;
    if (file) return `${file}: ${this.message}`;
    return this.message;
  }
}

export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}

/**
 * SQLite's answer when another process held the database's write lock for longer than the
 * store waits for it (busy_timeout, src/store/database.ts): nothing of the operation was
 * written, and trying again later works. Not the user's mistake, and not a bug.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const code = error !== null && typeof error === "object" ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_"));
}

export const DATABASE_BUSY_MESSAGE = "the database is busy: another process (an import, otbill serve) held its write lock for longer than otbill waits; nothing was written, try again";

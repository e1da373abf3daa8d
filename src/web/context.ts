/** What every page handler gets: the store, the reference data and who is asking. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Principal } from "../auth/principal.js";
import { InputError } from "../errors.js";
import type { Reference } from "../reference/reference.js";
import type { Store } from "../store/database.js";

export interface WebOptions {
  store: Store;
  reference: Reference;
  /** tests only: who is signed in, instead of the access layer's session */
  principalFor?: (request: FastifyRequest) => Promise<Principal | null>;
  /** "today" for due dates and aging (tests and the demo pin it) */
  today?: () => string;
}

export interface PageContext {
  app: FastifyInstance;
  store: Store;
  reference: Reference;
  principal: Principal;
  request: FastifyRequest;
  reply: FastifyReply;
  today: string;
}

export type Query = Record<string, string | undefined>;

/** A query or form value as text ("" when absent). */
export function text(source: unknown, name: string): string {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  if (Array.isArray(value)) return String(value[0] ?? "");
  return value === undefined || value === null ? "" : String(value);
}

/** A whole number from a query or form field, or undefined when blank; bad input names the field. */
export function wholeNumber(source: unknown, name: string, options: { min?: number; max?: number } = {}): number | undefined {
  const value = text(source, name).trim();
  if (value === "") return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new InputError("invalid_input", `${name}: ${JSON.stringify(value)} is not a whole number`, { path: name, value });
  const number = Number(value);
  if (options.min !== undefined && number < options.min) throw new InputError("invalid_input", `${name}: ${number} is less than ${options.min}`, { path: name, value });
  if (options.max !== undefined && number > options.max) throw new InputError("invalid_input", `${name}: ${number} is more than ${options.max}`, { path: name, value });
  return number;
}

/** An ISO date from a query or form field, or undefined when blank. */
export function isoDate(source: unknown, name: string): string | undefined {
  const value = text(source, name).trim();
  if (value === "") return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InputError("invalid_date", `${name}: ${JSON.stringify(value)} is not a date (YYYY-MM-DD)`, { path: name, value });
  return value;
}

/** A record of another practice is as absent as one that does not exist (no existence leak). */
export function ownRecord<T extends { practiceId: number }>(record: T | undefined, context: PageContext, noun: string, id: number): T {
  if (!record || record.practiceId !== context.principal.practiceId) throw new InputError("not_found", `${noun} ${id} not found`, { value: id });
  return record;
}

/** A refusal the web app answers with its own status and message (403 for a role, 404 ...). */
export class WebRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

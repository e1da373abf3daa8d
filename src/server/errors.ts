/**
 * The one place where errors become HTTP answers. Every error body has the contract's
 * shape, `{ "error": { "code", "message", "path" } }`, and never a stack trace: an
 * unexpected error is logged with its stack and answered with a bare 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DATABASE_BUSY_MESSAGE, isDatabaseBusy, isInputError, type InputErrorCode } from "../errors.js";

export interface ErrorBody {
  error: { code: string; message: string; path?: string };
}

/** Each InputError code's status; a new code will not compile until it is placed here. */
export const STATUS_OF_CODE: Record<InputErrorCode, number> = {
  invalid_date: 400,
  invalid_input: 400,
  invalid_json: 400,
  file_not_found: 400,
  file_unreadable: 400,
  malformed_row: 400,
  unknown_locality: 400,
  unknown_code: 400,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  unauthenticated: 401,
  forbidden: 403,
  too_many_requests: 429,
};

/** Fastify's own request errors (body parsing, limits), in our vocabulary. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: "payload_too_large", message: "the body is larger than the server's limit; send fewer visits a request, or use otbill scrub for files" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: "unsupported_media_type", message: "send the body as application/json" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: "invalid_json", message: "the body is empty; send a JSON document" },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: "invalid_input" },
  FST_ERR_BAD_URL: { status: 400, code: "invalid_input" },
};

export function errorBody(code: string, message: string, path?: string): ErrorBody {
  return { error: { code, message, ...(path ? { path } : {}) } };
}

/** The status and body for any error a handler or Fastify raised. */
export function describeError(error: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  if (isInputError(error)) {
    return { status: STATUS_OF_CODE[error.code], body: errorBody(error.code, error.message, error.details.path), unexpected: false };
  }
  // Another process kept the SQLite file's write lock: nothing was written, the client may retry.
  if (isDatabaseBusy(error)) return { status: 503, body: errorBody("busy", DATABASE_BUSY_MESSAGE), unexpected: false };
  const fastifyError = error as Partial<FastifyError> | undefined;
  const known = fastifyError?.code ? FASTIFY_ERRORS[fastifyError.code] : undefined;
  if (known) return { status: known.status, body: errorBody(known.code, known.message ?? fastifyError?.message ?? known.code), unexpected: false };
  // A body that is not JSON: Fastify's parser raises a SyntaxError with status 400.
  if (error instanceof SyntaxError || fastifyError?.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
    return { status: 400, body: errorBody("invalid_json", `the body is not valid JSON: ${fastifyError?.message ?? "parse error"}`), unexpected: false };
  }
  const status = fastifyError?.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return { status, body: errorBody("invalid_input", fastifyError?.message ?? "bad request"), unexpected: false };
  }
  return { status: 500, body: errorBody("internal", "internal error; the server log has the details"), unexpected: true };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body, unexpected } = describeError(error);
    if (unexpected) request.log.error({ err: error }, "unexpected error");
    if (status === 503) reply.header("retry-after", "1");
    return reply.status(status).type("application/json; charset=utf-8").send(body);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split("?")[0];
    return reply.status(404).send(errorBody("not_found", `no route ${request.method} ${path}`));
  });
}

/** The one error class of fivekeys and the registry of its stable codes (CONVENTIONS.md "Errors"). */

const STATUS_BY_CODE = {
  invalid_payload: 400,
  invalid_query: 400,
  invalid_config: 400,
  unauthorized: 401,
  bad_signature: 401,
  forbidden: 403,
  not_found: 404,
  unknown_source: 404,
  // Another process holds the embedded data folder (only ever one process per folder).
  folder_locked: 409,
  request_timeout: 408,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  login_locked: 429,
  headers_too_large: 431,
  internal: 500,
  database_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  /** Seconds after which retrying makes sense (429, 503): the `Retry-After` header. */
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { field?: string; cause?: unknown; retryAfter?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = STATUS_BY_CODE[code];
    this.field = options.field;
    this.retryAfter = options.retryAfter;
  }
}

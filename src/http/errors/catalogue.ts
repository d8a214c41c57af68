/**
 * Every error the API can answer with: a stable snake_case code (clients may
 * switch on it), its HTTP status and a short title. Nothing else produces an
 * error response; see handler.ts.
 */
export const ERROR_CATALOGUE = {
  invalid_json: { status: 400, title: 'Invalid JSON' },
  bad_request: { status: 400, title: 'Bad request' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden_action: { status: 403, title: 'Forbidden action' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  request_timeout: { status: 408, title: 'Request timeout' },
  invalid_transition: { status: 409, title: 'Invalid transition' },
  inside_lock_window: { status: 409, title: 'Inside the lock window' },
  number_in_open_order: { status: 409, title: 'Number in an open order' },
  duplicate_customer_reference: { status: 409, title: 'Customer reference in use' },
  idempotency_key_in_use: { status: 409, title: 'Idempotency key in use' },
  version_mismatch: { status: 412, title: 'Version mismatch' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  expectation_failed: { status: 417, title: 'Expectation failed' },
  invalid_body: { status: 422, title: 'Invalid request body' },
  numbers_missing: { status: 422, title: 'Numbers missing' },
  numbers_not_array: { status: 422, title: 'Numbers not an array' },
  numbers_empty: { status: 422, title: 'Numbers empty' },
  numbers_too_many: { status: 422, title: 'Too many numbers' },
  number_not_string: { status: 422, title: 'Number not a string' },
  document_content_mismatch: { status: 422, title: 'Document content does not match its type' },
  invalid_input: { status: 422, title: 'Invalid input' },
  blockers_remain: { status: 422, title: 'Blockers remain' },
  portability_changed: { status: 422, title: 'Portability changed' },
  invalid_foc_date: { status: 422, title: 'Invalid FOC date' },
  number_not_in_group: { status: 422, title: 'Number not in group' },
  nothing_portable: { status: 422, title: 'Nothing portable' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused' },
  webhook_target_refused: { status: 422, title: 'Webhook target refused' },
  rate_limited: { status: 429, title: 'Too many requests' },
  headers_too_large: { status: 431, title: 'Request headers too large' },
  internal_error: { status: 500, title: 'Internal server error' },
  not_ready: { status: 503, title: 'Not ready' },
  server_busy: { status: 503, title: 'Server busy' },
  shutting_down: { status: 503, title: 'Shutting down' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** Thrown (or passed to reply.send) anywhere in the HTTP layer to answer with a catalogue error. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    /** For people; must never contain internals (paths, SQL, stack). */
    readonly detail: string,
    readonly options: {
      pointer?: string;
      headers?: Record<string, string>;
      /** Machine-readable particulars (blockers, changes, the order holding a number); no secrets. */
      meta?: Record<string, unknown>;
    } = {},
  ) {
    super(`${code}: ${detail}`);
    this.status = ERROR_CATALOGUE[code].status;
  }
}

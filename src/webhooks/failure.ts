// Why the webhook service refused a request. The HTTP layer maps each code onto the error catalogue
// (http/routes/webhooks/failures.ts); the CLI prints the detail.
export type WebhookFailureCode =
  | 'forbidden_action'
  | 'not_found'
  | 'invalid_input'
  | 'webhook_target_refused';

export class WebhookFailure extends Error {
  override readonly name = 'WebhookFailure';

  constructor(
    readonly code: WebhookFailureCode,
    /** For people; never holds a secret. */
    readonly detail: string,
  ) {
    super(detail);
  }
}

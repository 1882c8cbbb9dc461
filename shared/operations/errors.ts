// The one error an operation refuses with: a closed code that both faces map
// to their own vocabulary (HTTP status for the webhook, exit code for the CLI),
// with the field at fault and how to fix it.
export type OperationErrorCode =
  /** The request itself is malformed (a missing or mistyped field). */
  | 'bad-request'
  /** A group, execution or pause the request names does not exist. */
  | 'not-found'
  /** The request conflicts with what is running (another rollout on the group). */
  | 'conflict'
  /** Well-formed, but the revision does not exist or is rejected. */
  | 'unprocessable';

export class OperationError extends Error {
  constructor(
    readonly code: OperationErrorCode,
    message: string,
    readonly field?: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'OperationError';
  }

  static is(error: unknown): error is OperationError {
    return error instanceof OperationError;
  }
}

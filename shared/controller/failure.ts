// Which failures are worth a redelivery. Only the cloud's transient failures
// (throttling, 5xx, no answer — after the client's own retries) are; bad
// input and bad configuration fail the same way every time, so they are
// logged and acknowledged.
import { CloudError } from '../cloud/errors';
import { retry, terminal, type Outcome } from './outcome';

export function isTransient(error: unknown): boolean {
  return CloudError.is(error) && error.retryable;
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export function failureOutcome(error: unknown): Outcome {
  return isTransient(error) ? retry(asError(error)) : terminal(asError(error));
}

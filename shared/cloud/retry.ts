// Jittered exponential backoff around one cloud call. Sleep, jitter and the
// clock are injected so tests run the whole loop without waiting.
import type { RetryPolicy } from './config';
import { CloudError, toCloudError, type CloudOperation } from './errors';

/** The subset of a pino logger the cloud layer writes to. */
export interface CloudLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface AttemptEvent {
  operation: CloudOperation;
  /** 1-based attempt number. */
  attempt: number;
  outcome: 'ok' | 'retry' | 'error';
  code?: string;
  /** Wait before the next attempt (outcome `retry`). */
  delayMs?: number;
}

/** What the retry loop needs from the outside world. */
export interface RetryDeps {
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1): the jitter source. */
  random: () => number;
  /** Milliseconds on a monotonic-enough clock, for the total-time bound. */
  now: () => number;
  logger?: CloudLogger;
  /** Called after every attempt; tests and metrics count calls with it. */
  onAttempt?: (event: AttemptEvent) => void;
}

export const realRetryDeps: RetryDeps = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: () => performance.now(),
};

/** Full-jitter backoff: a random share of the capped exponential step. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * cap);
}

/**
 * Runs `call` until it succeeds, fails with a non-retryable error, runs out
 * of attempts, or would exceed the total time bound. The CloudError thrown at
 * the end carries the number of attempts made.
 */
export async function withRetry<T>(
  operation: CloudOperation,
  policy: RetryPolicy,
  deps: RetryDeps,
  call: () => Promise<T>,
): Promise<T> {
  const started = deps.now();
  for (let attempt = 1; ; attempt++) {
    let error: CloudError;
    try {
      const result = await call();
      deps.onAttempt?.({ operation, attempt, outcome: 'ok' });
      return result;
    } catch (err) {
      error = toCloudError(err, operation);
    }
    const delayMs = backoffDelayMs(policy, attempt, deps.random);
    const elapsed = deps.now() - started;
    const canRetry = error.retryable && attempt < policy.maxAttempts && elapsed + delayMs < policy.maxTotalMs;
    if (!canRetry) {
      deps.onAttempt?.({ operation, attempt, outcome: 'error', code: error.code });
      throw error.withAttempts(attempt);
    }
    deps.onAttempt?.({ operation, attempt, outcome: 'retry', code: error.code, delayMs });
    deps.logger?.warn(
      { operation, code: error.code, status: error.status, requestId: error.requestId, attempt, delayMs },
      'cloud call failed, retrying',
    );
    await deps.sleep(delayMs);
  }
}

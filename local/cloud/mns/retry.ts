/**
 * NotifyStrategy retry schedules, on the simulated clock.
 * BACKOFF_RETRY: 3 retries, each 10–20 s apart (MNS picks at random; here
 * 10, 15, 20 s so runs repeat). EXPONENTIAL_DECAY_RETRY: 2^n s up to 512 s
 * between tries, 176 retries (about one day).
 */
export const NOTIFY_STRATEGIES = ['BACKOFF_RETRY', 'EXPONENTIAL_DECAY_RETRY'] as const;
export type NotifyStrategy = (typeof NOTIFY_STRATEGIES)[number];

/** Seconds to wait before retry number `retry` (1-based), or undefined when retries are used up. */
export function retryDelaySeconds(strategy: NotifyStrategy, retry: number): number | undefined {
  if (strategy === 'BACKOFF_RETRY') return retry <= 3 ? 10 + (retry - 1) * 5 : undefined;
  return retry <= 176 ? Math.min(2 ** retry, 512) : undefined;
}

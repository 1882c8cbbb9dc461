/**
 * A controller step ends in exactly one of these (controller-runtime's
 * Result/error, as a closed union). One function maps it to what FC returns.
 */
export type Outcome =
  | { kind: 'done'; summary: Record<string, unknown> }
  | { kind: 'requeueAfter'; seconds: number; summary: Record<string, unknown> }
  | { kind: 'retry'; error: Error }
  | { kind: 'terminal'; error: Error };

export const done = (summary: Record<string, unknown> = {}): Outcome => ({ kind: 'done', summary });
export const requeueAfter = (seconds: number, summary: Record<string, unknown> = {}): Outcome => ({
  kind: 'requeueAfter',
  seconds,
  summary,
});
export const retry = (error: Error): Outcome => ({ kind: 'retry', error });
export const terminal = (error: Error): Outcome => ({ kind: 'terminal', error });

/**
 * FC async/trigger semantics: a thrown error makes the trigger redeliver, a
 * returned value acknowledges. Only `retry` throws; bad input (`terminal`)
 * is acknowledged so a poison message is never redelivered forever.
 */
export function toFcResult(outcome: Outcome): Record<string, unknown> {
  switch (outcome.kind) {
    case 'done':
      return { status: 'done', ...outcome.summary };
    case 'requeueAfter':
      return { status: 'requeue', afterSeconds: outcome.seconds, ...outcome.summary };
    case 'terminal':
      return { status: 'rejected', error: outcome.error.message };
    case 'retry':
      throw outcome.error;
  }
}

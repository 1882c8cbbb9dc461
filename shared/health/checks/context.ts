// What every check gets, and the small helpers they share.
import type { CheckMeasurement, CheckState, CheckedInstance, HealthCheckInput } from '../contract';
import type { HealthDeps } from '../ports';

export interface CheckContext {
  input: HealthCheckInput;
  /** Batch instances first, then the rest of the InService group; each once. */
  instances: CheckedInstance[];
  deps: HealthDeps;
}

/** One measurement per checked instance id. */
export type CheckResults = Map<string, CheckMeasurement>;

export type Check = (ctx: CheckContext) => Promise<CheckResults>;

export function measured(state: CheckState, detail: string, values: Record<string, unknown> = {}): CheckMeasurement {
  return { state, detail, ...values };
}

export const PROBE_CONCURRENCY = 16;

/** Splits ids into the API's maximum per call (ESS takes 20 instance ids, ECS 100). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

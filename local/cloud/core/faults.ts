// Injected failures: throttling, 5xx, latency per (product, action); instance
// updates that fail; images that boot unhealthy; scaling activities that fail.
// Shares are deterministic (an evenly spread counter sequence), never random,
// so a test that throttles 1/3 of calls knows exactly which calls fail.
import { ApiError, type FaultModel } from './contracts';

export interface FaultRuleSpec {
  /** `ess`, `ecs`, `oos`, … or undefined for every product. */
  product?: string;
  /** Action name, or undefined for every action of the product. */
  action?: string;
  /** Share of matching calls answered `Throttling.User` (HTTP 400), 0..1. */
  throttleShare?: number;
  /** Share of matching calls answered with a 5xx, 0..1. */
  serverErrorShare?: number;
  serverErrorCode?: 'ServiceUnavailable' | 'InternalError';
  /** Real milliseconds added before the answer. */
  latencyMs?: number;
}

export interface FaultSpec {
  rules?: FaultRuleSpec[];
  /** Instances whose updates (disk replacement, commands, packages) fail; `times` omitted = until cleared. */
  instanceUpdateFailures?: Array<{ instanceId: string; times?: number }>;
  /** Images whose instances boot Unhealthy. */
  unhealthyImages?: string[];
  /**
   * Scaling groups whose next scale-out / scale-in activities fail, or with
   * `partial` succeed for all but one instance (Warning, SCALE_*_WARN).
   */
  scalingActivityFailures?: Array<{
    scalingGroupId: string;
    kind?: 'ScaleOut' | 'ScaleIn';
    times?: number;
    partial?: boolean;
  }>;
}

interface ActiveRule extends FaultRuleSpec {
  calls: number;
}

export class LocalFaultModel implements FaultModel {
  private rules: ActiveRule[] = [];
  private readonly failingInstances = new Map<string, number>();
  private readonly unhealthyImages = new Set<string>();
  private scalingFailures: Array<{
    scalingGroupId: string;
    kind?: 'ScaleOut' | 'ScaleIn';
    remaining: number;
    partial: boolean;
  }> = [];

  /** Adds to the current faults (rules accumulate; use clear() to start over). */
  configure(spec: FaultSpec): void {
    for (const rule of spec.rules ?? []) {
      for (const share of [rule.throttleShare, rule.serverErrorShare]) {
        if (share !== undefined && !(share >= 0 && share <= 1))
          throw new RangeError(`fault share must be within 0..1, got ${share}`);
      }
      this.rules.push({ ...rule, calls: 0 });
    }
    for (const { instanceId, times } of spec.instanceUpdateFailures ?? [])
      this.failingInstances.set(instanceId, times ?? Infinity);
    for (const imageId of spec.unhealthyImages ?? []) this.unhealthyImages.add(imageId);
    for (const f of spec.scalingActivityFailures ?? []) {
      this.scalingFailures.push({
        scalingGroupId: f.scalingGroupId,
        kind: f.kind,
        remaining: f.times ?? Infinity,
        partial: f.partial ?? false,
      });
    }
  }

  clear(): void {
    this.rules = [];
    this.failingInstances.clear();
    this.unhealthyImages.clear();
    this.scalingFailures = [];
  }

  decide(product: string, action: string): { latencyMs: number; error?: ApiError } {
    let latencyMs = 0;
    let error: ApiError | undefined;
    for (const rule of this.rules) {
      if (rule.product !== undefined && rule.product.toLowerCase() !== product.toLowerCase()) continue;
      if (rule.action !== undefined && rule.action !== action) continue;
      rule.calls += 1;
      latencyMs += rule.latencyMs ?? 0;
      if (error) continue;
      if (hitsShare(rule.calls, rule.throttleShare)) {
        error = new ApiError('Throttling.User', 'Request was denied due to user flow control.', 400);
      } else if (hitsShare(rule.calls, rule.serverErrorShare)) {
        error =
          rule.serverErrorCode === 'InternalError'
            ? new ApiError('InternalError', 'The request processing has failed due to some unknown error.', 500)
            : new ApiError(
                'ServiceUnavailable',
                'The request has failed due to a temporary failure of the server.',
                503,
              );
      }
    }
    return error ? { latencyMs, error } : { latencyMs };
  }

  instanceUpdateFails(instanceId: string): boolean {
    return (this.failingInstances.get(instanceId) ?? 0) > 0;
  }

  /** Called by the product when an update actually failed because of the fault: counts down `times`. */
  consumeInstanceUpdateFailure(instanceId: string): void {
    const left = this.failingInstances.get(instanceId);
    if (left === undefined) return;
    if (left <= 1) this.failingInstances.delete(instanceId);
    else this.failingInstances.set(instanceId, left - 1);
  }

  imageBootsUnhealthy(imageId: string): boolean {
    return this.unhealthyImages.has(imageId);
  }

  /** True (and counted down) when the next activity of this kind in the group must fail (wholly or partly). */
  takeScalingActivityFailure(scalingGroupId: string, kind: 'ScaleOut' | 'ScaleIn'): boolean {
    return this.takeScalingActivityFault(scalingGroupId, kind) !== undefined;
  }

  /** How the group's next activity of this kind fails, counted down; undefined when it does not. */
  takeScalingActivityFault(scalingGroupId: string, kind: 'ScaleOut' | 'ScaleIn'): 'fail' | 'partial' | undefined {
    const match = this.scalingFailures.find(
      (f) => f.scalingGroupId === scalingGroupId && (f.kind === undefined || f.kind === kind),
    );
    if (!match) return undefined;
    match.remaining -= 1;
    if (match.remaining <= 0) this.scalingFailures = this.scalingFailures.filter((f) => f !== match);
    return match.partial ? 'partial' : 'fail';
  }

  snapshot(): FaultSpec {
    return {
      rules: this.rules.map(({ calls: _calls, ...rule }) => rule),
      instanceUpdateFailures: [...this.failingInstances].map(([instanceId, times]) =>
        Number.isFinite(times) ? { instanceId, times } : { instanceId },
      ),
      unhealthyImages: [...this.unhealthyImages],
      scalingActivityFailures: this.scalingFailures.map(({ scalingGroupId, kind, remaining, partial }) => ({
        scalingGroupId,
        ...(kind ? { kind } : {}),
        ...(partial ? { partial } : {}),
        ...(Number.isFinite(remaining) ? { times: remaining } : {}),
      })),
    };
  }
}

/** Call n (1-based) is hit when floor(n·share) steps up: exactly `share` of calls, evenly spread. */
function hitsShare(n: number, share: number | undefined): boolean {
  if (share === undefined || share <= 0) return false;
  return Math.floor(n * share + 1e-9) > Math.floor((n - 1) * share + 1e-9);
}

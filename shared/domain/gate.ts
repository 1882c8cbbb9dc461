// The decision at a batch pause: approve, wait, retry or skip failed
// instances, or apply the policy's failure action. Pure: `now` is an argument.
import type { CheckVerdict } from './health';
import type { Gate } from './policy/gate';
import { allowedFailedCount } from './policy/gate';
import type { FailureAction } from './policy/rollout';
import type { ExecutionSnapshot } from './snapshot';

// The per-instance verdict combination is part of the gate's vocabulary too.
export { healthVerdict, instanceVerdict, type CheckResult, type CheckVerdict, type HealthVerdict, type InstanceHealth } from './health';

export type GatePause =
  /** Waiting after batch `batch` of `totalBatches` (EveryBatchPause). */
  | { kind: 'batch'; batch: number; totalBatches: number; finishedAt: string }
  /** Waiting on failed instances; `skipped` counts instances skipped earlier in this execution. */
  | { kind: 'failure'; batch: number; totalBatches: number; finishedAt: string; failedInstances: ReadonlyArray<{ instanceId: string; retries: number }>; skipped?: number }
  /** The execution succeeded: the last batch bakes before the rollout is done. */
  | { kind: 'final'; finishedAt: string }
  /** A failed rollout held for a person; reminders repeat. */
  | { kind: 'held'; heldSince: string; lastReminderAt?: string };

/** One health-check answer, as the gate recorded it. */
export interface HealthSample {
  at: string;
  verdict: CheckVerdict;
  reasons: readonly string[];
  measured?: Readonly<Record<string, number>>;
}

export interface GateInput {
  pause: GatePause;
  /** Health-check answers so far, any order. */
  samples: readonly HealthSample[];
  settings: Gate;
  onFailure: FailureAction;
  holdReminderSeconds: number;
  /** Instances in the group (for percentage allowances). */
  groupSize: number;
  now: Date;
}

export type GateDecision =
  | { decision: 'approve'; reasons: string[] }
  | { decision: 'done'; reasons: string[] }
  | { decision: 'wait'; recheckAt: string; reasons: string[] }
  | { decision: 'failureAction'; action: FailureAction; reasons: string[] }
  | { decision: 'retry'; instances: string[]; reasons: string[] }
  | { decision: 'skip'; instances: string[]; reasons: string[] }
  | { decision: 'holdReminder'; nextReminderAt: string; reasons: string[] };

const ms = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString();

/**
 * After the execution succeeded there is nothing to cancel, so a failed final
 * bake rolls back (or holds when the policy says hold).
 */
function finalFailureAction(onFailure: FailureAction): FailureAction {
  return onFailure === 'hold' ? 'hold' : 'rollback';
}

function decideFailedInstances(input: GateInput, pause: Extract<GatePause, { kind: 'failure' }>): GateDecision {
  const { settings } = input;
  const retryable = pause.failedInstances.filter((f) => f.retries < settings.retries).map((f) => f.instanceId);
  if (retryable.length > 0) {
    return { decision: 'retry', instances: retryable, reasons: [`retry ${retryable.length} failed instance(s), at most ${settings.retries} retries each`] };
  }
  const failed = pause.failedInstances.map((f) => f.instanceId);
  const allowed = allowedFailedCount(settings.allowedFailedInstances, input.groupSize);
  const total = failed.length + (pause.skipped ?? 0);
  if (total <= allowed) {
    return { decision: 'skip', instances: failed, reasons: [`${total} failed instance(s) within the ${allowed} allowed`] };
  }
  return {
    decision: 'failureAction',
    action: input.onFailure,
    reasons: [`${total} failed instance(s) after ${settings.retries} retries; ${allowed} allowed`, ...failed.map((id) => `${id} failed`)],
  };
}

function decideHeld(input: GateInput, pause: Extract<GatePause, { kind: 'held' }>): GateDecision {
  const last = ms(pause.lastReminderAt ?? pause.heldSince);
  const due = last + input.holdReminderSeconds * 1000;
  const now = input.now.getTime();
  if (now >= due) {
    return { decision: 'holdReminder', nextReminderAt: iso(now + input.holdReminderSeconds * 1000), reasons: [`held since ${pause.heldSince}`] };
  }
  return { decision: 'wait', recheckAt: iso(due), reasons: ['held; next reminder not due'] };
}

/** Trailing run of samples with `verdict`, oldest first. */
function trailingRun(samples: readonly HealthSample[], verdict: CheckVerdict): HealthSample[] {
  const run: HealthSample[] = [];
  for (let i = samples.length - 1; i >= 0 && samples[i]!.verdict === verdict; i--) run.unshift(samples[i]!);
  return run;
}

function decideBake(input: GateInput, finishedAt: string, final: boolean): GateDecision {
  const { settings } = input;
  const now = input.now.getTime();
  const start = ms(finishedAt);
  const deadline = start + settings.timeoutSeconds * 1000;
  const failAction = final ? finalFailureAction(input.onFailure) : input.onFailure;
  // Only answers about the finished batch count: those taken after it finished.
  const samples = input.samples.filter((s) => ms(s.at) >= start && ms(s.at) <= now).sort((a, b) => ms(a.at) - ms(b.at));
  const latest = samples.at(-1);

  const failing = trailingRun(samples, 'fail');
  if (failing.length >= settings.failureThreshold) {
    return { decision: 'failureAction', action: failAction, reasons: [`${failing.length} consecutive failed health checks`, ...(latest?.reasons ?? [])] };
  }
  const healthy = trailingRun(samples, 'pass');
  const healthySince = healthy[0];
  if (healthySince !== undefined && latest !== undefined) {
    const bakedUntil = ms(healthySince.at) + settings.bakeSeconds * 1000;
    if (ms(latest.at) >= bakedUntil) {
      const reasons = [`healthy since ${healthySince.at}, baked ${settings.bakeSeconds} s`];
      return final ? { decision: 'done', reasons } : { decision: 'approve', reasons };
    }
  }
  if (now >= deadline) {
    return {
      decision: 'failureAction',
      action: failAction,
      reasons: [`gate undecided ${settings.timeoutSeconds} s after the batch finished`, ...(latest?.reasons ?? ['no health-check answer'])],
    };
  }
  const reasons = healthySince !== undefined ? [`healthy since ${healthySince.at}; baking ${settings.bakeSeconds} s`] : [...(latest?.reasons ?? ['awaiting the first health check'])];
  return { decision: 'wait', recheckAt: iso(Math.min(now + settings.pollSeconds * 1000, deadline)), reasons };
}

export function decideGate(input: GateInput): GateDecision {
  const { pause } = input;
  switch (pause.kind) {
    case 'failure':
      return decideFailedInstances(input, pause);
    case 'held':
      return decideHeld(input, pause);
    case 'batch':
      return decideBake(input, pause.finishedAt, false);
    case 'final':
      return decideBake(input, pause.finishedAt, true);
  }
}

/** The pause an execution is in, if any: Waiting → batch or failure pause; Success → final bake. */
export function pauseOf(execution: ExecutionSnapshot): GatePause | undefined {
  if (execution.status === 'Waiting' && execution.waiting !== undefined) {
    const w = execution.waiting;
    if (w.reason === 'failure') return { kind: 'failure', batch: w.batch, totalBatches: w.totalBatches, finishedAt: w.finishedAt, failedInstances: w.failedInstances };
    return { kind: 'batch', batch: w.batch, totalBatches: w.totalBatches, finishedAt: w.finishedAt };
  }
  if (execution.status === 'Success' && execution.endDate !== undefined) return { kind: 'final', finishedAt: execution.endDate };
  return undefined;
}

// The decision at a batch pause: approve, wait, retry or skip failed
// instances, or apply the policy's failure action. Pure: `now` is an argument.
import type { CheckVerdict } from './health';
import type { Gate } from './policy/gate';
import { allowedFailedCount, checkSecondsOf, RECHECK_MARGIN_SECONDS } from './policy/gate';
import type { FailureAction } from './policy/rollout';
import type { ExecutionSnapshot } from './snapshot';

// The per-instance verdict combination is part of the gate's vocabulary too.
export {
  healthVerdict,
  instanceVerdict,
  type CheckResult,
  type CheckVerdict,
  type HealthVerdict,
  type InstanceHealth,
} from './health';

export type GatePause =
  /** Waiting after batch `batch` of `totalBatches` (EveryBatchPause). */
  | { kind: 'batch'; batch: number; totalBatches: number; finishedAt: string }
  /** Waiting on failed instances; `skipped` counts instances skipped earlier in this execution. */
  | {
      kind: 'failure';
      batch: number;
      totalBatches: number;
      finishedAt: string;
      failedInstances: ReadonlyArray<{ instanceId: string; retries: number }>;
      skipped?: number;
    }
  /** The execution succeeded: the last batch bakes before the rollout is done. */
  | { kind: 'final'; finishedAt: string }
  /** A failed rollout held for a person; reminders repeat. */
  | { kind: 'held'; heldSince: string; lastReminderAt?: string };

/** One health-check answer, as the gate recorded it: an observation of the batch. */
export interface HealthSample {
  at: string;
  verdict: CheckVerdict;
  reasons: readonly string[];
  measured?: Readonly<Record<string, number>>;
}

/** The trailing run of identical verdicts, times in epoch milliseconds. */
export interface ObservedRun {
  verdict: CheckVerdict;
  sinceMs: number;
  lastMs: number;
  count: number;
  /** Observed time within the run (gaps longer than the coverage count only the coverage). */
  coveredMs: number;
}

/**
 * What the gate has observed of one pause, folded answer by answer (bounded,
 * so it fits the gate state tag). Time nobody observed is in neither sum.
 */
export interface ObservationLog {
  /** Observed time since the first answer about this pause. */
  observedMs: number;
  run?: ObservedRun;
  /** Reasons of the latest answer. */
  reasons: readonly string[];
}

export const NO_OBSERVATIONS: ObservationLog = { observedMs: 0, reasons: [] };

export interface GateInput {
  pause: GatePause;
  /** What the gate observed of this pause (`observeAll` folds a list of answers). */
  observations: ObservationLog;
  /** Why the latest attempt observed nothing (the health check could not be invoked, did not answer), if it did not. */
  unobserved?: string;
  settings: Gate;
  onFailure: FailureAction;
  holdReminderSeconds: number;
  /** Instances in the group (for percentage allowances). */
  groupSize: number;
  now: Date;
  /**
   * How long before its whole-second stamp the passing run's first answer came (0 to 999 ms; unknown: 0). The check
   * that completes the bake is asked that much sooner, when the run is unbroken: its own stamp is still the whole
   * second that completes the coverage, and it comes a full bake after the first answer did (`finalCheckMs`).
   */
  runEarlyMs?: number;
}

export type GateDecision =
  | { decision: 'approve'; reasons: string[] }
  | { decision: 'done'; reasons: string[] }
  | { decision: 'wait'; recheckAt: string; reasons: string[] }
  /** No observation for `starvedSeconds`: the rollout stays where it is (decides nothing) until the gate can observe again. */
  | { decision: 'starved'; since: string; recheckAt: string; reasons: string[] }
  | { decision: 'failureAction'; action: FailureAction; reasons: string[] }
  | { decision: 'retry'; instances: string[]; reasons: string[] }
  | { decision: 'skip'; instances: string[]; reasons: string[] }
  | { decision: 'holdReminder'; nextReminderAt: string; reasons: string[] };

/**
 * How much sooner than its coverage runs out a passing run is asked again: an answer stamped later than that (a
 * slow round, the whole-second stamp) would leave time unobserved and lengthen the bake.
 */
export const RECHECK_MARGIN_MS = RECHECK_MARGIN_SECONDS * 1000;

/**
 * When to ask for the answer that completes a passing run's bake (`toEndMs` of coverage still missing, counted
 * between whole-second stamps; `nowMs` the latest answer's stamp). An answer is stamped at the next whole second
 * after it came, so the bake is complete for any answer that comes within the second before `nowMs + toEndMs`;
 * the run's first answer came `runEarlyMs` before its own stamp, so asking that much sooner still comes a full bake
 * after it, no less (when every gap of the run counted in full: a gap cut to the coverage breaks that sum). Asked
 * at least a second after `nowMs` (the stamp after it), so the turn is never one that only repeats the latest answer.
 */
export function finalCheckMs(run: ObservedRun, nowMs: number, toEndMs: number, runEarlyMs = 0): number {
  const unbroken = run.coveredMs === run.lastMs - run.sinceMs;
  const early = unbroken ? Math.min(999, Math.max(0, Math.floor(runEarlyMs))) : 0;
  return nowMs + Math.max(1000, toEndMs - early);
}

/** The settings the coverage of an answer follows. */
export type CoverageSettings = Pick<Gate, 'pollSeconds' | 'bakeSeconds' | 'checkSeconds'>;

const ms = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString();

/**
 * How long one answer vouches for the batch: until the next answer, but at
 * most the policy's `checkSeconds` (by default a third of the bake plus the
 * recheck margin, at least two poll intervals and 10 s, at most 60 s; see
 * `checkSecondsOf`): the gate asks a passing run again before it runs out.
 * Beyond that nobody looked, and the time counts toward neither the bake nor
 * the timeout.
 */
export function coverageMs(settings: CoverageSettings): number {
  return checkSecondsOf(settings) * 1000;
}

/**
 * The log after one more answer about the pause that finished at
 * `finishedAtMs`. An answer from before the pause finished is about the batch
 * before; an answer older than the latest one folded is superseded: both
 * change nothing.
 */
export function observe(
  log: ObservationLog,
  sample: HealthSample,
  finishedAtMs: number,
  settings: CoverageSettings,
): ObservationLog {
  const t = ms(sample.at);
  const run = log.run;
  if (Number.isNaN(t) || t < finishedAtMs || (run !== undefined && t < run.lastMs)) return log;
  const gap = run === undefined ? 0 : Math.min(t - run.lastMs, coverageMs(settings));
  const next: ObservedRun =
    run !== undefined && run.verdict === sample.verdict
      ? { ...run, lastMs: t, count: run.count + 1, coveredMs: run.coveredMs + gap }
      : { verdict: sample.verdict, sinceMs: t, lastMs: t, count: 1, coveredMs: 0 };
  return { observedMs: log.observedMs + gap, run: next, reasons: sample.reasons };
}

/** The log of a list of answers, in any order (sorted by their time first). */
export function observeAll(
  samples: readonly HealthSample[],
  finishedAt: string,
  settings: CoverageSettings,
): ObservationLog {
  return [...samples]
    .sort((a, b) => ms(a.at) - ms(b.at))
    .reduce((log, s) => observe(log, s, ms(finishedAt), settings), NO_OBSERVATIONS);
}

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
    return {
      decision: 'retry',
      instances: retryable,
      reasons: [`retry ${retryable.length} failed instance(s), at most ${settings.retries} retries each`],
    };
  }
  const failed = pause.failedInstances.map((f) => f.instanceId);
  const allowed = allowedFailedCount(settings.allowedFailedInstances, input.groupSize);
  const total = failed.length + (pause.skipped ?? 0);
  if (total <= allowed) {
    return {
      decision: 'skip',
      instances: failed,
      reasons: [`${total} failed instance(s) within the ${allowed} allowed`],
    };
  }
  return {
    decision: 'failureAction',
    action: input.onFailure,
    reasons: [
      `${total} failed instance(s) after ${settings.retries} retries; ${allowed} allowed`,
      ...failed.map((id) => `${id} failed`),
    ],
  };
}

function decideHeld(input: GateInput, pause: Extract<GatePause, { kind: 'held' }>): GateDecision {
  const last = ms(pause.lastReminderAt ?? pause.heldSince);
  const due = last + input.holdReminderSeconds * 1000;
  const now = input.now.getTime();
  if (now >= due) {
    return {
      decision: 'holdReminder',
      nextReminderAt: iso(now + input.holdReminderSeconds * 1000),
      reasons: [`held since ${pause.heldSince}`],
    };
  }
  return { decision: 'wait', recheckAt: iso(due), reasons: ['held; next reminder not due'] };
}

function decideBake(input: GateInput, finishedAt: string, final: boolean): GateDecision {
  const { settings, observations: log } = input;
  const now = input.now.getTime();
  const failAction = final ? finalFailureAction(input.onFailure) : input.onFailure;
  const run = log.run;
  const bakeMs = settings.bakeSeconds * 1000;
  if (run?.verdict === 'fail' && run.count >= settings.failureThreshold) {
    return {
      decision: 'failureAction',
      action: failAction,
      reasons: [`${run.count} consecutive failed health checks`, ...log.reasons],
    };
  }
  if (run?.verdict === 'pass' && run.coveredMs >= bakeMs) {
    const reasons = [`healthy since ${iso(run.sinceMs)}, baked ${settings.bakeSeconds} s`];
    return final ? { decision: 'done', reasons } : { decision: 'approve', reasons };
  }
  // Observed time only: a batch the gate could not look at has not timed out. A
  // batch healthy at the timeout became healthy within it and finishes its bake.
  if (log.observedMs >= settings.timeoutSeconds * 1000 && run?.verdict !== 'pass') {
    return {
      decision: 'failureAction',
      action: failAction,
      reasons: [
        `not healthy after ${settings.timeoutSeconds} s of observation since the batch finished`,
        ...log.reasons,
      ],
    };
  }
  const pollAt = now + settings.pollSeconds * 1000;
  const lastSeenMs = Math.max(run?.lastMs ?? ms(finishedAt), ms(finishedAt));
  if (now - lastSeenMs >= settings.starvedSeconds * 1000) {
    const why = input.unobserved ?? 'no health-check answer';
    return {
      decision: 'starved',
      since: iso(lastSeenMs),
      recheckAt: iso(pollAt),
      reasons: [`no observation since ${iso(lastSeenMs)}: ${why}`],
    };
  }
  if (run?.verdict === 'pass') {
    // A passing run needs an answer only as often as one vouches for the batch (its coverage, less a margin for an
    // answer that comes late), and one when the bake ends: not every poll.
    const spacing = Math.max(settings.pollSeconds * 1000, coverageMs(settings) - RECHECK_MARGIN_MS);
    const recheckAt = iso(Math.min(now + spacing, finalCheckMs(run, now, bakeMs - run.coveredMs, input.runEarlyMs)));
    return {
      decision: 'wait',
      recheckAt,
      reasons: [
        `healthy since ${iso(run.sinceMs)}; baked ${Math.floor(run.coveredMs / 1000)} of ${settings.bakeSeconds} s`,
      ],
    };
  }
  const reasons =
    input.unobserved !== undefined
      ? [input.unobserved]
      : log.reasons.length > 0
        ? [...log.reasons]
        : [run === undefined ? 'awaiting the first health check' : `health check says ${run.verdict}`];
  return { decision: 'wait', recheckAt: iso(pollAt), reasons };
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
    if (w.reason === 'failure')
      return {
        kind: 'failure',
        batch: w.batch,
        totalBatches: w.totalBatches,
        finishedAt: w.finishedAt,
        failedInstances: w.failedInstances,
      };
    return { kind: 'batch', batch: w.batch, totalBatches: w.totalBatches, finishedAt: w.finishedAt };
  }
  if (execution.status === 'Success' && execution.endDate !== undefined)
    return { kind: 'final', finishedAt: execution.endDate };
  return undefined;
}

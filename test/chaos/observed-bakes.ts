// The invariant "no batch is continued before it was observed healthy for
// bakeSeconds", checked from outside the gate: the health answers the chaos
// health function gave (about which execution and batch, when, what verdict)
// against the batch pauses the local OOS says NotifyExecution Approve
// continued, and the final bakes the events say passed. An answer vouches for
// the batch until the next one, at most the coverage the policy promises
// (`gate.checkSeconds`, which the scenario sets); time nobody observed counts
// for nothing.
import type { RollgateEvent } from '../../shared/domain/events';
import type { ApprovalRecord } from '../../local/cloud/oos/types';

/** One answer of the health function, as the chaos wrapper saw it return. */
export interface HealthAnswerSeen {
  executionId: string;
  batch: number;
  totalBatches: number;
  atMs: number;
  verdict: string;
}

export interface BakeSettings {
  /** The policy's `gate.checkSeconds`: the longest one answer vouches for the batch. */
  checkSeconds: number;
  bakeSeconds: number;
}

/**
 * Observed healthy time of one batch between `fromMs` and `toMs`: the pass
 * answers about it in that span, each gap counted up to the coverage. Answers
 * that were not passes are left out rather than breaking the run, so an answer
 * a killed turn never folded cannot make a correct gate look early.
 */
export function observedHealthyMs(
  answers: readonly HealthAnswerSeen[],
  where: { executionId: string; batch: number; fromMs: number; toMs: number },
  settings: BakeSettings,
): number {
  const coverage = settings.checkSeconds * 1000;
  const times = answers
    .filter(
      (a) =>
        a.executionId === where.executionId &&
        a.batch === where.batch &&
        a.verdict === 'pass' &&
        a.atMs >= where.fromMs &&
        a.atMs <= where.toMs,
    )
    .map((a) => a.atMs)
    .sort((x, y) => x - y);
  let covered = 0;
  for (let i = 1; i < times.length; i += 1) covered += Math.min(times[i]! - times[i - 1]!, coverage);
  return covered;
}

export interface ExecutionSeen {
  executionId: string;
  endMs?: number;
  approvals: readonly ApprovalRecord[];
}

/** Violations: continued batch pauses and passed final bakes that were not observed healthy for the bake. */
export function earlyBakes(
  answers: readonly HealthAnswerSeen[],
  executions: readonly ExecutionSeen[],
  events: readonly RollgateEvent[],
  settings: BakeSettings,
  startMs: number,
): string[] {
  const bakeMs = settings.bakeSeconds * 1000;
  const t = (ms: number) => `t=${Math.round((ms - startMs) / 1000)}s`;
  const out: string[] = [];
  for (const e of executions) {
    for (const a of e.approvals) {
      const covered = observedHealthyMs(
        answers,
        { executionId: e.executionId, batch: a.batch, fromMs: a.pausedAtMs, toMs: a.atMs },
        settings,
      );
      if (covered < bakeMs)
        out.push(
          `${e.executionId} batch ${a.batch} continued at ${t(a.atMs)} (paused ${t(a.pausedAtMs)}) after ` +
            `${covered / 1000} s observed healthy, bake ${settings.bakeSeconds} s`,
        );
    }
    if (e.endMs === undefined) continue;
    const done = events.find(
      (ev) =>
        ev.executionId === e.executionId && (ev.type === 'rollout.succeeded' || ev.type === 'rollout.rolled_back'),
    );
    if (done === undefined) continue;
    const doneMs = Date.parse(done.at);
    const finals = answers.filter((a) => a.executionId === e.executionId && a.batch === a.totalBatches);
    const batch = finals[0]?.batch ?? -1;
    const covered = observedHealthyMs(
      answers,
      { executionId: e.executionId, batch, fromMs: e.endMs, toMs: doneMs },
      settings,
    );
    if (covered < bakeMs)
      out.push(
        `${e.executionId} final bake passed at ${t(doneMs)} (ended ${t(e.endMs)}) after ${covered / 1000} s observed healthy, bake ${settings.bakeSeconds} s`,
      );
  }
  return out;
}

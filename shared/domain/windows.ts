// Maintenance windows: a rollout starts only inside a window and only when its
// estimated duration fits before the window's cutoff; a running rollout stops
// at its next batch pause once no window has time left. Every verdict carries
// a sentence an operator can read in status and plan.
import type { ExecutionSnapshot } from './snapshot';
import type { Policy } from './policy/schema';
import type { Target } from './policy/target';
import type { NamedWindow } from './policy/window';
import { closingOf, isBlackout, lastOpening, localDate, localTime, nextOpening } from './window-schedule';

export { closingOf, isBlackout, lastOpening, localDate, localTime, nextOpening } from './window-schedule';

export type WindowClosedReason = 'outside-window' | 'blackout' | 'cutoff' | 'does-not-fit' | 'never-opens';

export type WindowVerdict =
  | {
      open: true;
      /** Absent when no window is configured (always open). */ window?: string;
      closesAt?: string;
      cutoffAt?: string;
    }
  | { open: false; reason: WindowClosedReason; detail: string; nextOpensAt?: string; nextWindow?: string };

/** The windows a target rolls out in, named: policy windows by reference, inline ones `<target>-<n>`. */
export function targetWindows(
  policy: Pick<Policy, 'windows'>,
  target: Pick<Target, 'name' | 'windows'>,
): NamedWindow[] {
  return target.windows.flatMap((w, i) => {
    if (typeof w !== 'string') return [{ ...w, name: `${target.name}-${i + 1}` }];
    const named = policy.windows.find((p) => p.name === w);
    return named === undefined ? [] : [named];
  });
}

type Phase =
  | { open: true; window: NamedWindow; openedAt: number; closesAt: number; cutoffAt: number }
  | { open: false; window: NamedWindow; reason: 'outside-window' | 'blackout' | 'never-opens'; why: string };

/** Whether one window is open at `nowMs`, and until when. */
export function windowPhase(window: NamedWindow, nowMs: number): Phase {
  const zone = window.timeZone;
  const today = localDate(nowMs, zone);
  const openedAt = lastOpening(window, nowMs);
  if (openedAt !== undefined) {
    const closesAt = closingOf(window, openedAt);
    const blackoutOpening = isBlackout(window, localDate(openedAt, zone));
    if (closesAt > nowMs && !blackoutOpening)
      return { open: true, window, openedAt, closesAt, cutoffAt: closesAt - window.cutoffMinutes * 60_000 };
    if (closesAt > nowMs || isBlackout(window, today)) {
      const date = blackoutOpening ? localDate(openedAt, zone) : today;
      return {
        open: false,
        window,
        reason: 'blackout',
        why: `window ${window.name} is shut on blackout date ${date} (${zone})`,
      };
    }
  }
  if (nextOpening(window, nowMs) === undefined)
    return { open: false, window, reason: 'never-opens', why: `window ${window.name} never opens again` };
  return { open: false, window, reason: 'outside-window', why: `window ${window.name} is closed` };
}

function waitingFor(
  windows: readonly NamedWindow[],
  nowMs: number,
): { nextOpensAt?: string; nextWindow?: string; sentence: string } {
  const next = windows
    .map((w) => ({ w, at: nextOpening(w, nowMs) }))
    .filter((n): n is { w: NamedWindow; at: number } => n.at !== undefined)
    .sort((a, b) => a.at - b.at || (a.w.name < b.w.name ? -1 : 1))[0];
  if (next === undefined) return { sentence: 'no window opens again' };
  return {
    nextOpensAt: new Date(next.at).toISOString(),
    nextWindow: next.w.name,
    sentence: `waiting for window ${next.w.name}, opens ${localTime(next.at, next.w.timeZone)}`,
  };
}

const REASON_RANK: Readonly<Record<WindowClosedReason, number>> = {
  'does-not-fit': 0,
  cutoff: 1,
  blackout: 2,
  'outside-window': 3,
  'never-opens': 4,
};

/** Whether a rollout estimated to take `estimatedSeconds` may start at `now` in one of `windows`. */
export function maintenanceWindowOpen(
  windows: readonly NamedWindow[],
  now: Date,
  estimatedSeconds: number,
): WindowVerdict {
  if (windows.length === 0) return { open: true };
  const nowMs = now.getTime();
  const closed: Array<{ reason: WindowClosedReason; why: string }> = [];
  const fitting: Array<Extract<Phase, { open: true }>> = [];
  for (const phase of windows.map((w) => windowPhase(w, nowMs))) {
    if (!phase.open) {
      closed.push(phase);
      continue;
    }
    const { window, cutoffAt } = phase;
    const cutoff =
      window.cutoffMinutes > 0
        ? `the cutoff of window ${window.name} (${localTime(cutoffAt, window.timeZone)})`
        : `window ${window.name} closes (${localTime(cutoffAt, window.timeZone)})`;
    if (nowMs >= cutoffAt)
      closed.push({
        reason: 'cutoff',
        why: `window ${window.name} is past its cutoff (${localTime(cutoffAt, window.timeZone)})`,
      });
    else if (nowMs + estimatedSeconds * 1000 > cutoffAt) {
      closed.push({
        reason: 'does-not-fit',
        why: `the estimated ${estimatedSeconds} s does not fit the ${Math.floor((cutoffAt - nowMs) / 1000)} s before ${cutoff}`,
      });
    } else fitting.push(phase);
  }
  if (fitting.length > 0) {
    const best = [...fitting].sort((a, b) => b.cutoffAt - a.cutoffAt)[0]!;
    return {
      open: true,
      window: best.window.name,
      closesAt: new Date(best.closesAt).toISOString(),
      cutoffAt: new Date(best.cutoffAt).toISOString(),
    };
  }
  const decisive = [...closed].sort((a, b) => REASON_RANK[a.reason] - REASON_RANK[b.reason])[0]!;
  const next = waitingFor(windows, nowMs);
  const detail =
    decisive.reason === 'outside-window' || decisive.reason === 'never-opens'
      ? next.sentence
      : `${decisive.why}; ${next.sentence}`;
  return {
    open: false,
    reason: decisive.reason === 'never-opens' && next.nextOpensAt !== undefined ? 'outside-window' : decisive.reason,
    detail,
    ...(next.nextOpensAt === undefined ? {} : { nextOpensAt: next.nextOpensAt, nextWindow: next.nextWindow }),
  };
}

/** What a running rollout does at a batch pause once no window has time left. */
export type WindowStop =
  { stop: false } | { stop: true; window: string; resume: NamedWindow['resume']; detail: string; nextOpensAt?: string };

/**
 * A rollout may start its next batch while some window is open and before its
 * cutoff. Past it, the rollout stops at this pause; the window it ran in (the
 * one opened last) says whether it waits for the next window or rolls back.
 */
export function windowStopsBatch(windows: readonly NamedWindow[], now: Date): WindowStop {
  if (windows.length === 0) return { stop: false };
  const nowMs = now.getTime();
  const phases = windows.map((w) => windowPhase(w, nowMs));
  if (phases.some((p) => p.open && nowMs < p.cutoffAt)) return { stop: false };
  const latest = windows
    .map((w) => ({ w, at: lastOpening(w, nowMs) ?? Number.NEGATIVE_INFINITY }))
    .sort((a, b) => b.at - a.at || (a.w.name < b.w.name ? -1 : 1))[0]!.w;
  const next = waitingFor(windows, nowMs);
  return {
    stop: true,
    window: latest.name,
    resume: latest.resume,
    detail: `window ${latest.name} has no time left for another batch; ${latest.resume === 'rollback' ? 'rolling back' : next.sentence}`,
    ...(next.nextOpensAt === undefined ? {} : { nextOpensAt: next.nextOpensAt }),
  };
}

/**
 * Estimated seconds for a rollout: OOS splits the instances into
 * min(batchNumber, instances) batches that run one after another; each batch
 * takes `perBatchSeconds` (its instances update in parallel) plus the bake.
 */
export function estimateRolloutSeconds(
  instances: number,
  batchNumber: number,
  bakeSeconds: number,
  perBatchSeconds: number,
): number {
  if (instances <= 0) return 0;
  const batches = Math.min(Math.max(1, batchNumber), instances);
  return batches * (perBatchSeconds + bakeSeconds);
}

/** How many of a group's newest finished executions the per-batch estimate looks at. */
const ESTIMATE_SAMPLE = 3;

/**
 * Seconds one batch took in this group's newest successful rollouts of this
 * kind (the slowest of the last three, bake included), or undefined when there
 * are none to learn from. Only executions with both dates count.
 */
export function observedBatchSeconds(executions: readonly ExecutionSnapshot[]): number | undefined {
  const perBatch = executions
    .filter((e) => e.status === 'Success' && e.startDate !== undefined && e.endDate !== undefined)
    .slice(0, ESTIMATE_SAMPLE)
    .map((e) => {
      const batches = Math.max(1, Number(e.parameters['batchNumber'] ?? 1) || 1);
      return (Date.parse(e.endDate ?? '') - Date.parse(e.startDate ?? '')) / 1000 / batches;
    })
    .filter((s) => Number.isFinite(s) && s >= 0);
  return perBatch.length === 0 ? undefined : Math.ceil(Math.max(...perBatch));
}

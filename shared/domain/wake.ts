// When the reconcile should run next on its own: the earliest moment a
// waiting group's answer may change (a window opens, a soak ends). The timer
// reconcile runs every minute anyway; a wake matters only when that moment
// comes before the timer would, so only near ones are asked for.
import type { Action } from './actions';

export interface Wake {
  /** ISO 8601 instant to re-plan at. */
  at: string;
  /** Whole seconds from now, rounded up so the wake is never early. */
  delaySeconds: number;
  groupIds: string[];
  reason: string;
}

/**
 * A wake within `horizonSeconds` of `now`, or undefined. Every group waiting
 * for the same instant is named; the reason is the first of them.
 */
export function nextWake(actions: readonly Action[], now: Date, horizonSeconds: number): Wake | undefined {
  const nowMs = now.getTime();
  const due = actions.flatMap((a) => {
    if (a.type !== 'wait' || a.recheckAt === undefined) return [];
    const at = Date.parse(a.recheckAt);
    return Number.isFinite(at) && at > nowMs && at - nowMs <= horizonSeconds * 1000 ? [{ at, action: a }] : [];
  });
  if (due.length === 0) return undefined;
  const earliest = Math.min(...due.map((d) => d.at));
  const first = due.filter((d) => d.at === earliest);
  return {
    at: new Date(earliest).toISOString(),
    delaySeconds: Math.ceil((earliest - nowMs) / 1000),
    groupIds: [...new Set(first.map((d) => d.action.groupId))].sort(),
    reason: `${first[0]!.action.reason}: ${first[0]!.action.detail}`,
  };
}

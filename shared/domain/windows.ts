// Maintenance windows: a rollout starts only inside a window and only when
// its estimated duration fits in the time the window has left.
import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import type { Window } from './policy/window';

export type WindowClosedReason = 'outside-window' | 'blackout' | 'does-not-fit';

export type WindowVerdict =
  | { open: true; /** Absent when no window is configured (always open). */ closesAt?: string }
  | { open: false; reason: WindowClosedReason; detail: string; nextOpensAt?: string };

/** How far ahead to look for the next opening (occurrences per window). */
const MAX_OCCURRENCES_SCANNED = 1000;

function localDate(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISODate() ?? '';
}

function startOfNextLocalDay(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).startOf('day').plus({ days: 1 }).toMillis();
}

/** Most recent opening at or before `nowMs`; undefined when the cron never matched (cron-parser gives up). */
function lastOpening(window: Window, nowMs: number): number | undefined {
  try {
    const cron = CronExpressionParser.parse(window.cron, { currentDate: new Date(nowMs + 1), tz: window.timeZone });
    return cron.prev().getTime();
  } catch {
    return undefined;
  }
}

/** Next opening after `nowMs` that does not fall on a blackout date. */
export function nextOpening(window: Window, nowMs: number): number | undefined {
  try {
    const cron = CronExpressionParser.parse(window.cron, { currentDate: new Date(nowMs), tz: window.timeZone });
    for (let i = 0; i < MAX_OCCURRENCES_SCANNED; i++) {
      const at = cron.next().getTime();
      if (!window.blackoutDates.includes(localDate(at, window.timeZone))) return at;
    }
  } catch {
    // The cron has no further occurrence: the window never opens again.
  }
  return undefined;
}

type SingleVerdict = { open: true; closesAtMs: number } | { open: false; reason: WindowClosedReason; detail: string };

function evaluate(window: Window, nowMs: number, estimatedSeconds: number): SingleVerdict {
  const today = localDate(nowMs, window.timeZone);
  if (window.blackoutDates.includes(today)) {
    return { open: false, reason: 'blackout', detail: `${today} is a blackout date in ${window.timeZone}` };
  }
  const openedAt = lastOpening(window, nowMs);
  if (openedAt === undefined) return { open: false, reason: 'outside-window', detail: `window "${window.cron}" (${window.timeZone}) has not opened yet` };
  let closesAtMs = openedAt + window.durationMinutes * 60_000;
  if (closesAtMs <= nowMs) {
    return { open: false, reason: 'outside-window', detail: `window "${window.cron}" (${window.timeZone}) closed at ${new Date(closesAtMs).toISOString()}` };
  }
  if (window.blackoutDates.includes(localDate(openedAt, window.timeZone))) {
    return { open: false, reason: 'blackout', detail: `the window opened on blackout date ${localDate(openedAt, window.timeZone)}` };
  }
  // A window that runs past midnight into a blackout date closes at that midnight.
  const midnight = startOfNextLocalDay(nowMs, window.timeZone);
  if (midnight < closesAtMs && window.blackoutDates.includes(localDate(midnight, window.timeZone))) closesAtMs = midnight;
  if (nowMs + estimatedSeconds * 1000 > closesAtMs) {
    const left = Math.floor((closesAtMs - nowMs) / 1000);
    return { open: false, reason: 'does-not-fit', detail: `estimated ${estimatedSeconds} s does not fit the ${left} s left in the window` };
  }
  return { open: true, closesAtMs };
}

const REASON_RANK: Readonly<Record<WindowClosedReason, number>> = { 'does-not-fit': 0, blackout: 1, 'outside-window': 2 };

/** Whether a rollout estimated to take `estimatedSeconds` may start at `now`. */
export function maintenanceWindowOpen(windows: readonly Window[], now: Date, estimatedSeconds: number): WindowVerdict {
  if (windows.length === 0) return { open: true };
  const nowMs = now.getTime();
  const verdicts = windows.map((w) => evaluate(w, nowMs, estimatedSeconds));
  const open = verdicts.filter((v): v is Extract<SingleVerdict, { open: true }> => v.open);
  if (open.length > 0) {
    return { open: true, closesAt: new Date(Math.max(...open.map((v) => v.closesAtMs))).toISOString() };
  }
  const closed = verdicts.filter((v): v is Extract<SingleVerdict, { open: false }> => !v.open);
  const mostRelevant = [...closed].sort((a, b) => REASON_RANK[a.reason] - REASON_RANK[b.reason])[0];
  const nexts = windows.map((w) => nextOpening(w, nowMs)).filter((t): t is number => t !== undefined);
  const verdict: WindowVerdict = {
    open: false,
    reason: mostRelevant?.reason ?? 'outside-window',
    detail: mostRelevant?.detail ?? 'no window is open',
  };
  return nexts.length > 0 ? { ...verdict, nextOpensAt: new Date(Math.min(...nexts)).toISOString() } : verdict;
}

/**
 * Estimated seconds for a rollout: OOS splits the instances into
 * min(batchNumber, instances) batches that run one after another; each batch
 * takes `perInstanceSeconds` (its instances update in parallel) plus the bake.
 */
export function estimateRolloutSeconds(instances: number, batchNumber: number, bakeSeconds: number, perInstanceSeconds: number): number {
  if (instances <= 0) return 0;
  const batches = Math.min(Math.max(1, batchNumber), instances);
  return batches * (perInstanceSeconds + bakeSeconds);
}

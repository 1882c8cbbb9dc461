// When a maintenance window opens and closes: the openings of its cron or
// rate, bounded by startDate/endDate, without blackout dates. Pure: every
// answer is a function of the window and the instant asked about.
import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import { RATE_PATTERN, type Window } from './policy/window';

/** How many openings are looked at before giving up (a cron that matches only blackout dates). */
const MAX_OPENINGS_SCANNED = 1000;
/** Longer than any daylight-saving shift (two hours at most). */
const DST_LOOKBACK_MS = 2 * 3600_000;
const WALL_TIME = "yyyy-MM-dd'T'HH:mm:ss";

export function localDate(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISODate() ?? '';
}

/** `2026-12-05T22:00+08:00`: an instant as the operator of that zone reads it. */
export function localTime(ms: number, zone: string): string {
  return (
    DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true, suppressSeconds: true }) ??
    new Date(ms).toISOString()
  );
}

export function isBlackout(window: Pick<Window, 'blackoutDates'>, date: string): boolean {
  return window.blackoutDates.some((b) => (typeof b === 'string' ? b === date : b.from <= date && date <= b.to));
}

/**
 * The second of two instants that read the same wall time (clocks went back):
 * a window opens once per wall time, at the first of them.
 */
function repeatsWallTime(ms: number, zone: string): boolean {
  const at = DateTime.fromMillis(ms, { zone });
  const shiftMinutes = DateTime.fromMillis(ms - 3 * 3600_000, { zone }).offset - at.offset;
  if (shiftMinutes <= 0) return false;
  return DateTime.fromMillis(ms - shiftMinutes * 60_000, { zone }).toFormat(WALL_TIME) === at.toFormat(WALL_TIME);
}

function startOfLocalDate(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).startOf('day').toMillis();
}

/** The raw schedule: the first opening after `ms`, or the last at or before it. */
interface Schedule {
  after(ms: number): number | undefined;
  atOrBefore(ms: number): number | undefined;
}

function cronSchedule(cron: string, zone: string): Schedule {
  const step = (ms: number, direction: 'next' | 'prev'): number | undefined => {
    try {
      const expression = CronExpressionParser.parse(cron, {
        currentDate: new Date(direction === 'next' ? ms : ms + 1),
        tz: zone,
      });
      return (direction === 'next' ? expression.next() : expression.prev()).getTime();
    } catch {
      // cron-parser gives up when the expression has no further occurrence.
      return undefined;
    }
  };
  // cron-parser moves an opening in a skipped hour (clocks going forward) to the
  // same minute an hour later, but only when asked from before the gap; both
  // directions therefore walk forward from a little earlier, so every question
  // sees the moved opening.
  const after = (ms: number): number | undefined => {
    let at = step(ms - DST_LOOKBACK_MS, 'next');
    while (at !== undefined && at <= ms) at = step(at, 'next');
    return at;
  };
  const atOrBefore = (ms: number): number | undefined => {
    let last = step(ms, 'prev');
    for (let at = step(last ?? ms - DST_LOOKBACK_MS, 'next'); at !== undefined && at <= ms; at = step(at, 'next'))
      last = at;
    return last;
  };
  return { after, atOrBefore };
}

function rateSchedule(rate: string, zone: string, startDate: string | undefined): Schedule {
  const [, count, unit] = RATE_PATTERN.exec(rate) ?? [];
  const n = Number(count);
  const anchor = DateTime.fromISO(startDate ?? '1970-01-01', { zone }).startOf('day');
  if (unit === 'd') {
    // Calendar days: the opening keeps its local time across daylight-saving changes.
    const atIndex = (k: number) => anchor.plus({ days: k * n }).toMillis();
    const indexAtOrBefore = (ms: number): number => {
      let k = Math.floor(
        Math.floor(DateTime.fromMillis(ms, { zone }).startOf('day').diff(anchor, 'days').days + 0.5) / n,
      );
      while (atIndex(k) > ms) k -= 1;
      while (atIndex(k + 1) <= ms) k += 1;
      return k;
    };
    return {
      after: (ms) => atIndex(Math.max(0, indexAtOrBefore(ms) + 1)),
      atOrBefore: (ms) => (ms < anchor.toMillis() ? undefined : atIndex(indexAtOrBefore(ms))),
    };
  }
  const period = n * (unit === 'h' ? 3600_000 : 60_000);
  const origin = anchor.toMillis();
  return {
    after: (ms) => (ms < origin ? origin : origin + (Math.floor((ms - origin) / period) + 1) * period),
    atOrBefore: (ms) => (ms < origin ? undefined : origin + Math.floor((ms - origin) / period) * period),
  };
}

function scheduleOf(window: Window): Schedule {
  if (window.rate !== undefined) return rateSchedule(window.rate, window.timeZone, window.startDate);
  return cronSchedule(window.cron ?? '', window.timeZone);
}

function inBounds(window: Window, ms: number): boolean {
  const date = localDate(ms, window.timeZone);
  return (
    (window.startDate === undefined || date >= window.startDate) &&
    (window.endDate === undefined || date <= window.endDate)
  );
}

/** The latest opening at or before `nowMs` within startDate/endDate (blackout dates included). */
export function lastOpening(window: Window, nowMs: number): number | undefined {
  const schedule = scheduleOf(window);
  let at =
    window.endDate === undefined
      ? nowMs
      : Math.min(nowMs, startOfLocalDate(window.endDate, window.timeZone) + 86_400_000 + 3600_000);
  for (let i = 0; i < MAX_OPENINGS_SCANNED; i++) {
    const opening = schedule.atOrBefore(at);
    if (opening === undefined) return undefined;
    if (window.startDate !== undefined && localDate(opening, window.timeZone) < window.startDate) return undefined;
    if (inBounds(window, opening) && !repeatsWallTime(opening, window.timeZone)) return opening;
    at = opening - 1;
  }
  return undefined;
}

/** The next opening after `nowMs` that is within startDate/endDate and not on a blackout date. */
export function nextOpening(window: Window, nowMs: number): number | undefined {
  const schedule = scheduleOf(window);
  let at =
    window.startDate === undefined ? nowMs : Math.max(nowMs, startOfLocalDate(window.startDate, window.timeZone) - 1);
  for (let i = 0; i < MAX_OPENINGS_SCANNED; i++) {
    const opening = schedule.after(at);
    if (opening === undefined) return undefined;
    if (window.endDate !== undefined && localDate(opening, window.timeZone) > window.endDate) return undefined;
    if (
      inBounds(window, opening) &&
      !repeatsWallTime(opening, window.timeZone) &&
      !isBlackout(window, localDate(opening, window.timeZone))
    )
      return opening;
    at = opening;
  }
  return undefined;
}

/** When a window that opened at `openedAt` closes: after its duration, or at the first midnight into a blackout date. */
export function closingOf(window: Window, openedAt: number): number {
  const end = openedAt + window.durationMinutes * 60_000;
  let midnight = DateTime.fromMillis(openedAt, { zone: window.timeZone }).startOf('day').plus({ days: 1 });
  while (midnight.toMillis() < end) {
    if (isBlackout(window, midnight.toISODate() ?? '')) return midnight.toMillis();
    midnight = midnight.plus({ days: 1 });
  }
  return end;
}

// When a maintenance window opens and closes: the openings of its cron or
// rate, bounded by startDate/endDate, without blackout dates. Pure: every
// answer is a function of the window and the instant asked about.
import { Cron } from 'croner';
import { cronPattern, RATE_PATTERN, type Window } from './policy/window';
import { addDays, dayNumber, instantOfWall, localDate, offsetAt, startOfLocalDate, wallOf } from './zoned-time';

export { localDate, localTime } from './zoned-time';

/** How many openings are looked at before giving up (a cron that matches only blackout dates). */
const MAX_OPENINGS_SCANNED = 1000;
/** Longer than any daylight-saving shift (two hours at most). */
const DST_LOOKBACK_MS = 3 * 3600_000;

export function isBlackout(window: Pick<Window, 'blackoutDates'>, date: string): boolean {
  return window.blackoutDates.some((b) => (typeof b === 'string' ? b === date : b.from <= date && date <= b.to));
}

/**
 * The second of two instants that read the same wall time (clocks went back):
 * a window opens once per wall time, at the first of them.
 */
function repeatsWallTime(ms: number, zone: string): boolean {
  const shift = offsetAt(ms - DST_LOOKBACK_MS, zone) - offsetAt(ms, zone);
  if (shift <= 0) return false;
  return wallOf(ms - shift, zone) === wallOf(ms, zone);
}

/** The raw schedule: the first opening after `ms`, or the last at or before it. */
interface Schedule {
  after(ms: number): number | undefined;
  atOrBefore(ms: number): number | undefined;
}

/** Each expression parsed once (validation parsed it with the same options, policy/window.ts). */
const parsed = new Map<string, Cron>();

function cronOf(expression: string): Cron {
  let cron = parsed.get(expression);
  if (cron === undefined) {
    cron = cronPattern(expression);
    parsed.set(expression, cron);
  }
  return cron;
}

/**
 * A cron in a time zone. croner matches the expression on the wall clock (read
 * as UTC, so no zone rules of its own apply) and the zone maps each matching
 * wall time to its instant (`instantOfWall`): a wall time the clocks skipped
 * opens as far past the change as it was into the gap (02:30 → 03:30), one
 * they repeated opens at the first of its instants. Both lookups are exact
 * away from a change of offset; within `DST_LOOKBACK_MS` of one, every
 * matching wall time near the question is mapped and the nearest instant wins
 * (a skipped 02:30 may land after a 03:00 that exists).
 */
function cronSchedule(expression: string, zone: string): Schedule {
  const cron = cronOf(expression);
  const nextWall = (wall: number): number | undefined => cron.nextRun(new Date(wall))?.getTime();
  const prevWall = (wall: number): number | undefined => cron.previousRuns(1, new Date(wall))[0]?.getTime();
  const steady = (ms: number): boolean =>
    offsetAt(ms - DST_LOOKBACK_MS, zone) === offsetAt(ms, zone) &&
    offsetAt(ms + DST_LOOKBACK_MS, zone) === offsetAt(ms, zone);

  const after = (ms: number): number | undefined => {
    const now = wallOf(ms, zone);
    if (steady(ms)) {
      const wall = nextWall(now);
      if (wall === undefined) return undefined;
      const mapped = instantOfWall(wall, zone);
      if (mapped.kind !== 'skipped') return mapped.ms;
    }
    // Near a change: every match from a lookback before now until one past the best found.
    let best: number | undefined;
    for (let wall = nextWall(now - DST_LOOKBACK_MS); wall !== undefined; wall = nextWall(wall)) {
      if (best !== undefined && wall > wallOf(best, zone) + DST_LOOKBACK_MS) break;
      const at = instantOfWall(wall, zone).ms;
      if (at > ms && (best === undefined || at < best)) best = at;
    }
    return best;
  };

  const atOrBefore = (ms: number): number | undefined => {
    const now = wallOf(ms, zone);
    if (steady(ms)) {
      const wall = prevWall(now + 1);
      if (wall === undefined) return undefined;
      const mapped = instantOfWall(wall, zone);
      if (mapped.kind !== 'skipped' && steady(mapped.ms)) return mapped.ms;
    }
    let best: number | undefined;
    for (let wall = prevWall(now + DST_LOOKBACK_MS + 1); wall !== undefined; wall = prevWall(wall)) {
      if (best !== undefined && wall < wallOf(best, zone) - DST_LOOKBACK_MS) break;
      const at = instantOfWall(wall, zone).ms;
      if (at <= ms && (best === undefined || at > best)) best = at;
    }
    return best;
  };
  return { after, atOrBefore };
}

function rateSchedule(rate: string, zone: string, startDate: string | undefined): Schedule {
  const [, count, unit] = RATE_PATTERN.exec(rate) ?? [];
  const n = Number(count);
  const anchorDate = startDate ?? '1970-01-01';
  const origin = startOfLocalDate(anchorDate, zone);
  if (unit === 'd') {
    // Calendar days: the opening keeps its local time across daylight-saving changes.
    const atIndex = (k: number) => startOfLocalDate(addDays(anchorDate, k * n), zone);
    const indexAtOrBefore = (ms: number): number => {
      let k = Math.floor((dayNumber(localDate(ms, zone)) - dayNumber(anchorDate)) / n);
      while (atIndex(k) > ms) k -= 1;
      while (atIndex(k + 1) <= ms) k += 1;
      return k;
    };
    return {
      after: (ms) => atIndex(Math.max(0, indexAtOrBefore(ms) + 1)),
      atOrBefore: (ms) => (ms < origin ? undefined : atIndex(indexAtOrBefore(ms))),
    };
  }
  const period = n * (unit === 'h' ? 3600_000 : 60_000);
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
  for (
    let date = addDays(localDate(openedAt, window.timeZone), 1), midnight = startOfLocalDate(date, window.timeZone);
    midnight < end;
    date = addDays(date, 1), midnight = startOfLocalDate(date, window.timeZone)
  ) {
    if (isBlackout(window, date)) return midnight;
  }
  return end;
}

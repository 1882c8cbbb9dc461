// Instants read in an IANA time zone, through the runtime's Intl (its time
// zone database): wall-clock fields, offsets, local dates, and a wall time
// back to an instant. Pure: every answer is a function of its arguments.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Whether the runtime knows the zone (the check luxon's IANAZone.isValidZone made: Intl accepts it). */
export function isValidTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * The wall clock of `ms` in `zone`, as the instant that reads the same in UTC
 * (milliseconds kept): `wallOf(ms, zone) - ms` is the zone's offset at `ms`.
 */
export function wallOf(ms: number, zone: string): number {
  const fields: Record<string, number> = {};
  let bc = false;
  for (const part of formatterOf(zone).formatToParts(ms)) {
    if (part.type === 'era') bc = part.value === 'BC' || part.value === 'B';
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = bc ? 1 - (fields['year'] ?? 0) : (fields['year'] ?? 0);
  const date = new Date(0);
  date.setUTCFullYear(year, (fields['month'] ?? 1) - 1, fields['day'] ?? 1);
  date.setUTCHours(fields['hour'] ?? 0, fields['minute'] ?? 0, fields['second'] ?? 0, 0);
  return date.getTime() + (((ms % 1000) + 1000) % 1000);
}

/** The zone's offset from UTC at `ms`, in milliseconds (east positive). */
export function offsetAt(ms: number, zone: string): number {
  return wallOf(ms, zone) - ms;
}

export type WallTimeKind = 'unique' | 'skipped' | 'repeated';

/**
 * The instant a wall time (as `wallOf` encodes it) names in `zone`. A wall
 * time that occurs twice (clocks went back) names the first of them; one the
 * clocks skipped (clocks went forward) is read with the offset before the
 * change, so it lands as far past the change as it was into the gap: 02:30 on
 * a night that jumps from 02:00 to 03:00 is 03:30. (Temporal's "compatible"
 * disambiguation, and what luxon did.)
 */
export function instantOfWall(wall: number, zone: string): { ms: number; kind: WallTimeKind } {
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((ms) => wallOf(ms, zone) === wall)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first === undefined) return { ms: wall - before, kind: 'skipped' };
  return { ms: first, kind: candidates.length > 1 ? 'repeated' : 'unique' };
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `YYYY-MM-DD` of a wall time as `wallOf` encodes it. */
function isoDateOfWall(wall: number): string {
  const date = new Date(wall);
  const year = date.getUTCFullYear();
  const yyyy = year >= 0 && year <= 9999 ? pad(year, 4) : `${year < 0 ? '-' : '+'}${pad(Math.abs(year), 6)}`;
  return `${yyyy}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The calendar date (`YYYY-MM-DD`) of `ms` in `zone`. */
export function localDate(ms: number, zone: string): string {
  return isoDateOfWall(wallOf(ms, zone));
}

/** The zone's names that print a UTC offset of zero as `Z` (luxon's fixed UTC zone); IANA names print `+00:00`. */
function isFixedUtc(zone: string): boolean {
  return /^(utc|gmt)$/i.test(zone);
}

/**
 * `2026-12-05T22:00+08:00`: an instant as the operator of that zone reads it,
 * seconds (and milliseconds) only when not zero; `Z` for the zone UTC.
 */
export function localTime(ms: number, zone: string): string {
  const wall = wallOf(ms, zone);
  const date = new Date(wall);
  const seconds = date.getUTCSeconds();
  const millis = date.getUTCMilliseconds();
  const time =
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}` +
    (seconds === 0 && millis === 0 ? '' : `:${pad(seconds)}`) +
    (millis === 0 ? '' : `.${pad(millis, 3)}`);
  const offsetMinutes = Math.round((wall - ms) / MINUTE_MS);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset =
    offsetMinutes === 0 && isFixedUtc(zone)
      ? 'Z'
      : `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return `${isoDateOfWall(wall)}T${time}${offset}`;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const at = new Date(0);
  at.setUTCFullYear(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  return Math.round(at.getTime() / DAY_MS);
}

/** The `YYYY-MM-DD` date `days` after `date` (before, when negative). */
export function addDays(date: string, days: number): string {
  return isoDateOfWall((dayNumber(date) + days) * DAY_MS);
}

/** Whether `YYYY-MM-DD` names a day of the calendar (no February 30). */
export function isCalendarDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return false;
  return isoDateOfWall(dayNumber(date) * DAY_MS) === date && Number(match[2]) >= 1 && Number(match[3]) >= 1;
}

/** The first instant of a local date in `zone` (its midnight, or where the day starts when midnight was skipped). */
export function startOfLocalDate(date: string, zone: string): number {
  return instantOfWall(dayNumber(date) * DAY_MS, zone).ms;
}

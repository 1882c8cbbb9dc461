// Window openings where clocks change by other than an hour, at midnight, or
// under a cron that fires inside the skipped hour: the rules of
// docs/decisions.md (a skipped wall time opens as far past the change as it
// was into the gap; a repeated one once, at its first instant), on croner and
// Intl. cron-parser gave no opening at all, or folded the skipped ones into
// one, in these cases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastOpening, NamedWindowSchema, nextOpening } from '../../shared/domain/index';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('window openings across unusual clock changes', () => {
  const cases: Array<{
    name: string;
    window: Record<string, unknown>;
    now: string;
    next?: string;
    last?: string;
  }> = [
    {
      name: 'half-hour spring change (Lord Howe, 02:00 → 02:30): the 02:00 opening is at 02:30, not skipped',
      window: { cron: '0 2 * * *', timeZone: 'Australia/Lord_Howe' },
      now: '2026-10-02T20:59:28Z', // 07:29 on 3 October, the day before the change
      next: '2026-10-03T15:30:00.000Z', // 02:30 +11:00 on 4 October
    },
    {
      name: 'half-hour autumn change (Lord Howe, 02:00 → 01:30): the next 02:00 still opens',
      window: { cron: '0 2 * * *', timeZone: 'Australia/Lord_Howe' },
      now: '2026-04-04T10:02:52Z', // 21:02 +11:00 on 4 April
      next: '2026-04-04T15:30:00.000Z', // 02:00 +10:30 on 5 April
    },
    {
      name: 'an hourly cron over the repeated half hour opens each wall time once',
      window: { cron: '15 * * * *', timeZone: 'Australia/Lord_Howe' },
      now: '2026-04-04T14:30:00Z', // 01:30 +10:30, the second pass of 01:30
      next: '2026-04-04T15:45:00.000Z', // 02:15 +10:30 (01:15 already opened, on the first pass)
    },
    {
      name: 'midnight skipped (Santiago, 00:00 → 01:00): the day opens at 01:00',
      window: { cron: '0 0 * * *', timeZone: 'America/Santiago' },
      now: '2026-09-06T06:05:31Z', // 03:05 -03:00 on 6 September
      last: '2026-09-06T04:00:00.000Z', // 01:00 -03:00
    },
    {
      name: 'every quarter of the skipped hour opens the same minutes an hour later (Berlin)',
      window: { cron: '*/15 2 * * *', timeZone: 'Europe/Berlin' },
      now: '2026-03-29T02:00:41Z', // 04:00 +02:00
      last: '2026-03-29T01:45:00.000Z', // 02:45 read as 03:45 +02:00
    },
    {
      name: 'day of month and day of week both restricted: either day opens (Vixie cron OR)',
      window: { cron: '0 9 13 * 5', timeZone: 'UTC' },
      now: '2026-03-02T10:00:00Z', // a Monday
      next: '2026-03-06T09:00:00.000Z', // Friday 6th, before the 13th
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      // Prepare
      const window = NamedWindowSchema.parse({ name: 'w', durationMinutes: 60, ...c.window });
      const now = Date.parse(c.now);
      // Act / Assess
      if (c.next !== undefined) assert.equal(iso(nextOpening(window, now)), c.next);
      if (c.last !== undefined) assert.equal(iso(lastOpening(window, now)), c.last);
    });
  }
});

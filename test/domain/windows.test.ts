import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateRolloutSeconds, maintenanceWindowOpen, WindowSchema, type Window } from '../../shared/domain/index';

function window(input: Record<string, unknown>): Window {
  return WindowSchema.parse(input);
}

// 02:00-04:00 Asia/Shanghai (UTC+8) = 18:00-20:00 UTC the day before.
const NIGHTLY_SHANGHAI = window({ cron: '0 2 * * *', durationMinutes: 120, timeZone: 'Asia/Shanghai' });

describe('maintenanceWindowOpen', () => {
  it('compliant: no windows configured means always open', () => {
    assert.deepEqual(maintenanceWindowOpen([], new Date('2026-03-02T12:00:00Z'), 99999), { open: true });
  });

  const cases: Array<{ name: string; windows: Window[]; now: string; estimate: number; expected: ReturnType<typeof maintenanceWindowOpen> }> = [
    {
      name: 'open inside the window, with its closing time',
      windows: [NIGHTLY_SHANGHAI],
      now: '2026-03-01T18:30:00Z',
      estimate: 600,
      expected: { open: true, closesAt: '2026-03-01T20:00:00.000Z' },
    },
    {
      name: 'open at the exact opening instant',
      windows: [NIGHTLY_SHANGHAI],
      now: '2026-03-01T18:00:00Z',
      estimate: 7200,
      expected: { open: true, closesAt: '2026-03-01T20:00:00.000Z' },
    },
    {
      name: 'closed outside the window, with the next opening',
      windows: [NIGHTLY_SHANGHAI],
      now: '2026-03-01T12:00:00Z',
      estimate: 600,
      expected: { open: false, reason: 'outside-window', detail: 'window "0 2 * * *" (Asia/Shanghai) closed at 2026-02-28T20:00:00.000Z', nextOpensAt: '2026-03-01T18:00:00.000Z' },
    },
    {
      name: 'closed when the estimate does not fit the time left',
      windows: [NIGHTLY_SHANGHAI],
      now: '2026-03-01T19:30:00Z',
      estimate: 3600,
      expected: { open: false, reason: 'does-not-fit', detail: 'estimated 3600 s does not fit the 1800 s left in the window', nextOpensAt: '2026-03-02T18:00:00.000Z' },
    },
    {
      name: 'closed on a blackout date (in the window zone), next opening after it',
      windows: [window({ cron: '0 2 * * *', durationMinutes: 120, timeZone: 'Asia/Shanghai', blackoutDates: ['2026-03-02'] })],
      now: '2026-03-01T18:30:00Z', // 02:30 on 2026-03-02 in Shanghai
      estimate: 60,
      expected: { open: false, reason: 'blackout', detail: '2026-03-02 is a blackout date in Asia/Shanghai', nextOpensAt: '2026-03-02T18:00:00.000Z' },
    },
    {
      name: 'a window running past midnight into a blackout date closes at that midnight',
      windows: [window({ cron: '0 23 * * *', durationMinutes: 180, timeZone: 'UTC', blackoutDates: ['2026-03-02'] })],
      now: '2026-03-01T23:10:00Z',
      estimate: 1800,
      expected: { open: true, closesAt: '2026-03-02T00:00:00.000Z' },
    },
    {
      name: 'six-field cron (seconds first)',
      windows: [window({ cron: '30 0 1 * * *', durationMinutes: 10, timeZone: 'UTC' })],
      now: '2026-03-01T01:05:00Z',
      estimate: 60,
      expected: { open: true, closesAt: '2026-03-01T01:10:30.000Z' },
    },
    {
      name: 'weekday-only window is closed on Sunday and opens Monday',
      windows: [window({ cron: '0 9 * * 1-5', durationMinutes: 60, timeZone: 'UTC' })],
      now: '2026-03-01T09:30:00Z', // a Sunday
      estimate: 60,
      expected: { open: false, reason: 'outside-window', detail: 'window "0 9 * * 1-5" (UTC) closed at 2026-02-27T10:00:00.000Z', nextOpensAt: '2026-03-02T09:00:00.000Z' },
    },
    {
      name: 'any of several windows may be open',
      windows: [window({ cron: '0 9 * * *', durationMinutes: 60 }), window({ cron: '0 12 * * *', durationMinutes: 60 })],
      now: '2026-03-01T12:15:00Z',
      estimate: 60,
      expected: { open: true, closesAt: '2026-03-01T13:00:00.000Z' },
    },
    {
      name: 'daylight saving time: the window follows local time in Europe/Berlin',
      windows: [window({ cron: '0 2 * * *', durationMinutes: 60, timeZone: 'Europe/Berlin' })],
      now: '2026-07-01T00:30:00Z', // 02:30 CEST (UTC+2)
      estimate: 60,
      expected: { open: true, closesAt: '2026-07-01T01:00:00.000Z' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      // Act
      const verdict = maintenanceWindowOpen(c.windows, new Date(c.now), c.estimate);
      // Assess
      assert.deepEqual(verdict, c.expected);
    });
  }
});

describe('estimateRolloutSeconds', () => {
  const cases: Array<[string, [number, number, number, number], number]> = [
    ['no instances take no time', [0, 3, 60, 300], 0],
    ['three batches of (update + bake)', [9, 3, 60, 300], 3 * 360],
    ['fewer instances than batches: one batch per instance', [2, 5, 60, 300], 2 * 360],
    ['one batch', [10, 1, 0, 120], 120],
  ];
  for (const [name, args, expected] of cases) {
    it(name, () => assert.equal(estimateRolloutSeconds(...args), expected));
  }
});

describe('window cron validation', () => {
  const cases: Array<[string, string, boolean]> = [
    ['five fields', '0 2 * * 1-5', true],
    ['six fields, seconds first', '30 0 2 * * *', true],
    ['day names', '0 2 * * MON-THU', true],
    ['four fields', '0 2 * *', false],
    ['seven fields', '0 0 2 * * * 2026', false],
    ['a predefined alias', '@daily', false],
    ['out-of-range minute', '61 * * * *', false],
    ['an impossible date', '0 0 30 2 *', false],
    ['hashed minute (random per run)', 'H 2 * * *', false],
    ['hashed step', 'H/15 * * * *', false],
  ];
  for (const [name, cron, valid] of cases) {
    it(`${valid ? 'compliant' : 'non-compliant'}: ${name}`, () => {
      assert.equal(WindowSchema.safeParse({ cron, durationMinutes: 60 }).success, valid);
    });
  }
});

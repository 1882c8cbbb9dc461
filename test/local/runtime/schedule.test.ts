import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSchedule, ScheduleError } from '../../../local/runtime/schedule';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

describe('FC timer schedules', () => {
  it('fires @every intervals from the given time', () => {
    assert.equal(parseSchedule('@every 1m').nextAfter(T0), T0 + 60_000);
    assert.equal(parseSchedule('@every 1h30m').nextAfter(T0), T0 + 5_400_000);
  });

  it('reads six-field cron expressions in UTC by default', () => {
    const s = parseSchedule('0 */5 * * * *');
    assert.equal(s.nextAfter(T0), T0 + 5 * 60_000);
    assert.equal(s.nextAfter(T0 + 5 * 60_000), T0 + 10 * 60_000);
  });

  it('honours CRON_TZ', () => {
    // 09:00 in Shanghai is 01:00 UTC.
    assert.equal(parseSchedule('CRON_TZ=Asia/Shanghai 0 0 9 * * *').nextAfter(T0), Date.UTC(2024, 0, 1, 1, 0, 0));
  });

  it('rejects five-field expressions and bad @every durations', () => {
    assert.throws(() => parseSchedule('*/5 * * * *'), ScheduleError);
    assert.throws(() => parseSchedule('@every soon'), ScheduleError);
    assert.throws(() => parseSchedule('0 61 * * * *'), ScheduleError);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimClock } from '../../../local/cloud/core/clock';
import { startTimerTrigger } from '../../../local/runtime/timer-trigger';

const T0 = Date.UTC(2024, 0, 1);

function harness(cronExpression: string) {
  const clock = new SimClock({ startMs: T0 });
  const events: Array<{ triggerTime: string; triggerName: string; payload: string }> = [];
  const finishers: Array<() => void> = [];
  const skippedAt: string[] = [];
  const timer = startTimerTrigger({
    functionName: 'fn',
    triggerName: 'tick',
    cronExpression,
    payload: 'p',
    clock,
    invoke: (event) => {
      events.push(JSON.parse(event.toString('utf8')) as { triggerTime: string; triggerName: string; payload: string });
      return new Promise<void>((resolve) => finishers.push(resolve));
    },
    onSkip: (at) => skippedAt.push(at),
  });
  const finishNext = async () => {
    finishers.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, events, timer, skippedAt, finishNext };
}

describe('timer trigger', () => {
  it('fires with FC timer events at each due time', async () => {
    // Prepare
    const { clock, events, finishNext } = harness('@every 1m');
    // Act
    clock.advance(60);
    await finishNext();
    clock.advance(60);
    await finishNext();
    // Assess
    assert.deepEqual(events, [
      { triggerTime: '2024-01-01T00:01:00Z', triggerName: 'tick', payload: 'p' },
      { triggerTime: '2024-01-01T00:02:00Z', triggerName: 'tick', payload: 'p' },
    ]);
  });

  it('lets a firing wait for the running one, keeping only the latest when several pile up', async () => {
    // Prepare
    const { clock, events, timer, skippedAt, finishNext } = harness('0 * * * * *');
    // Act: five firings while the first run never finishes.
    clock.advance(300);
    const whileRunning = events.length;
    await finishNext();
    // Assess
    assert.equal(whileRunning, 1);
    assert.deepEqual(
      events.map((e) => e.triggerTime),
      ['2024-01-01T00:01:00Z', '2024-01-01T00:05:00Z'],
    );
    assert.equal(timer.skipped(), 3);
    assert.deepEqual(skippedAt, ['2024-01-01T00:03:00Z', '2024-01-01T00:04:00Z', '2024-01-01T00:05:00Z']);
    assert.equal(timer.busy(), true);
  });

  it('stops firing once stopped', () => {
    const { clock, events, timer } = harness('@every 1m');
    timer.stop();
    clock.advance(600);
    assert.equal(events.length, 0);
    assert.equal(clock.nextDueIn(), undefined);
  });
});

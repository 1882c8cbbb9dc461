import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimClock, startRealTimeDriver, type RealTimeSource } from '../../../local/cloud/core/clock';

const START = Date.parse('2024-01-01T00:00:00Z');

describe('SimClock', () => {
  it('runs due tasks in time order, each at its own simulated time', () => {
    // Prepare
    const clock = new SimClock({ startMs: START });
    const seen: string[] = [];
    clock.schedule(30, () => seen.push(`b@${clock.iso()}`));
    clock.schedule(10, () => seen.push(`a@${clock.iso()}`));
    clock.schedule(90, () => seen.push('late'));

    // Act
    clock.advance(60);

    // Assess
    assert.deepEqual(seen, ['a@2024-01-01T00:00:10Z', 'b@2024-01-01T00:00:30Z']);
    assert.equal(clock.iso(), '2024-01-01T00:01:00Z');
    assert.equal(clock.nextDueIn(), 30);
  });

  it('runs tasks scheduled during an advance when they fall inside the window, and same-time tasks in scheduling order', () => {
    // Prepare
    const clock = new SimClock({ startMs: START });
    const seen: string[] = [];
    clock.schedule(5, () => {
      seen.push('first');
      clock.schedule(5, () => seen.push('chained'));
      clock.schedule(100, () => seen.push('outside'));
    });
    clock.schedule(5, () => seen.push('second'));

    // Act
    clock.advance(20);

    // Assess
    assert.deepEqual(seen, ['first', 'second', 'chained']);
    assert.equal(clock.pending().length, 1);
  });

  it('does not run a cancelled task, and a zero delay runs on the next advance', () => {
    // Prepare
    const clock = new SimClock({ startMs: START });
    const seen: string[] = [];
    const id = clock.schedule(1, () => seen.push('cancelled'));
    clock.schedule(0, () => seen.push('now'));
    clock.cancel(id);

    // Act
    clock.advance(0);
    const afterZero = [...seen];
    clock.advance(5);

    // Assess
    assert.deepEqual(afterZero, ['now']);
    assert.deepEqual(seen, ['now']);
    assert.equal(clock.nextDueIn(), undefined);
  });

  it('keeps going when a task throws and refuses advance() from inside a task', () => {
    // Prepare
    const errors: string[] = [];
    const clock = new SimClock({
      startMs: START,
      onTaskError: (label, e) => errors.push(`${label}: ${(e as Error).message}`),
    });
    clock.schedule(
      1,
      () => {
        throw new Error('boom');
      },
      'bad',
    );
    clock.schedule(2, () => clock.advance(1), 'nested');
    let ran = false;
    clock.schedule(3, () => (ran = true));

    // Act
    clock.advance(10);

    // Assess
    assert.deepEqual(errors, ['bad: boom', 'nested: clock.advance() called from inside a scheduled task']);
    assert.equal(ran, true);
  });

  it('defaults to real now truncated to the second', () => {
    // Act
    const clock = new SimClock();

    // Assess
    assert.equal(clock.now() % 1000, 0);
    assert.match(clock.iso(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('lets time flow at timeScale simulated seconds per real second, and not at all with 0', () => {
    // Prepare
    let realMs = 0;
    let tick: (() => void) | undefined;
    let stopped = false;
    const source: RealTimeSource = {
      now: () => realMs,
      every: (_ms, fn) => {
        tick = fn;
        return () => (stopped = true);
      },
    };
    const clock = new SimClock({ startMs: START });
    const manual = new SimClock({ startMs: START });
    const fired: string[] = [];
    clock.schedule(30, () => fired.push(clock.iso()));

    // Act
    const stop = startRealTimeDriver(clock, 600, 20, source);
    realMs += 20;
    tick?.();
    realMs += 30;
    tick?.();
    stop();
    startRealTimeDriver(manual, 0, 20, { now: () => 0, every: () => assert.fail('a manual clock needs no timer') });

    // Assess
    assert.equal(clock.iso(), '2024-01-01T00:00:30Z', '50 real ms × 600 = 30 simulated seconds');
    assert.deepEqual(fired, ['2024-01-01T00:00:30Z']);
    assert.equal(stopped, true);
    assert.equal(manual.now(), START);
  });
});

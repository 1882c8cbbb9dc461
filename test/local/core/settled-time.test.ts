// The settled clock: simulated time moves only while nothing is at work, and
// then straight to the next thing due — so a slow machine sees the same
// simulated timeline as a fast one. Driven step by step (settleStep), no real time.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startLocalCloud, type RunningLocalCloud } from '../../../local/cloud/index';
import { settleStep, systemBusy } from '../../../local/cloud/core/settled-time';
import { localSleepRegistration } from '../../../shared/controller/gate/sleep';

describe('settled clock', () => {
  const clouds: RunningLocalCloud[] = [];
  after(() => Promise.all(clouds.map((c) => c.close())));

  async function cloud(): Promise<RunningLocalCloud> {
    const c = await startLocalCloud({ startTimeMs: Date.parse('2026-03-02T08:00:00Z') });
    clouds.push(c);
    return c;
  }

  it('does not move while a function invocation works, however long it takes, and jumps to the next task when it ends', async () => {
    // Prepare
    const c = await cloud();
    const start = c.clock.now();
    let ran = false;
    c.clock.schedule(30, () => (ran = true), 'in 30 s');
    let finish: () => void = () => undefined;
    c.world().fc.register('slow', () => new Promise((resolve) => (finish = () => resolve('done'))));
    const invocation = c.world().fc.invoke('slow', Buffer.from('{}'), 'Sync');
    // Act
    const whileBusy = [settleStep(c.cloud), settleStep(c.cloud), settleStep(c.cloud)];
    finish();
    await invocation;
    const afterwards = settleStep(c.cloud);
    // Assess
    assert.deepEqual(whileBusy, [undefined, undefined, undefined]);
    assert.equal(c.clock.now(), start + 30_000);
    assert.equal(afterwards, 30);
    assert.ok(ran);
  });

  it('an invocation that sleeps for simulated time lets the clock move to its wake-up, then counts as working again', async () => {
    // Prepare
    const c = await cloud();
    const start = c.clock.now();
    c.clock.schedule(60, () => undefined, 'in 60 s');
    let finish: () => void = () => undefined;
    c.world().fc.register('gate', () => new Promise((resolve) => (finish = () => resolve('done'))));
    const invocation = c.world().fc.invoke('gate', Buffer.from('{}'), 'Async');
    const wake = await localSleepRegistration(`${c.url}/_local/clock`)(start + 5000);
    // Act
    const first = settleStep(c.cloud);
    const second = settleStep(c.cloud);
    await wake();
    finish();
    await invocation;
    await c.world().fc.idle();
    // Assess
    assert.equal(first, 5, 'to the sleeper, before the task due in 60 s');
    assert.equal(second, undefined, 'the sleeper woke: it works until it sleeps again or ends');
    assert.equal(systemBusy(c.cloud), false);
    assert.equal(settleStep(c.cloud), 55);
  });
});

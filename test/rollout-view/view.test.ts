// The live view drawn into a fixed-size terminal (a real emulator, so what is
// checked is what a person would see), and its plain form on a pipe.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRolloutView, eventLine, type GroupProgress } from '../../shared/rollout-view/index';
import { fakeTerminal } from './fake-terminal';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const canary = (over: Partial<GroupProgress> = {}): GroupProgress => ({
  groupId: 'asg-canary1',
  name: 'web-canary',
  wave: 'canary',
  phase: 'rolling',
  updated: 0,
  total: 4,
  batch: { current: 1, total: 2 },
  rollback: false,
  rolloutStartedMs: T0,
  ...over,
});
const prod = (over: Partial<GroupProgress> = {}): GroupProgress => ({
  ...canary(),
  groupId: 'asg-prod1',
  name: 'web-prod',
  wave: 'prod',
  phase: 'waiting',
  batch: undefined,
  rolloutStartedMs: undefined,
  ...over,
});

describe('live rollout view in a 120×14 terminal', () => {
  it('draws one line per group, redraws them in place, and keeps the events below', async () => {
    // Prepare
    const term = fakeTerminal(120, 14);
    const view = createRolloutView(term);
    // Act
    view.update([canary(), prod()], T0 + 30_000);
    view.event('08:00:30  batch.paused  web-canary (asg-canary1)  batch 1/2 of web-canary finished');
    view.update([canary({ phase: 'paused at gate', updated: 2 }), prod()], T0 + 90_000);
    view.update([canary({ phase: 'paused at gate', updated: 2 }), prod()], T0 + 120_000);
    await term.flush();
    const screen = term.lines();
    // Assess: the last frame only, no earlier copy of a group's line left behind
    assert.equal(screen[0], 'rollout at 08:02:00');
    assert.equal(screen.filter((l) => l.startsWith('web-canary (asg-canary1)')).length, 1, screen.join('\n'));
    const line = screen[1] ?? '';
    assert.match(
      line,
      /^web-canary \(asg-canary1\) +canary +paused at gate +\[#{6}\.{6}\] +2\/4 +50% batch 1\/2 +30s in phase, ETA 2m00s$/,
    );
    assert.match(screen[2] ?? '', /^web-prod \(asg-prod1\) +prod +waiting +\[\.{12}\] +0\/4 +0% +1m30s in phase$/);
    assert.match(screen[3] ?? '', /^-+$/);
    assert.equal(screen[4], '08:00:30  batch.paused  web-canary (asg-canary1)  batch 1/2 of web-canary finished');
    assert.ok(
      screen.every((l) => l.length < 120),
      'no line wraps',
    );
    term.dispose();
  });

  it('labels a rollback’s batches and shows only the latest events that fit', async () => {
    // Prepare
    const term = fakeTerminal(120, 8);
    const view = createRolloutView(term);
    // Act
    for (let i = 1; i <= 10; i++) view.event(`event ${i}`);
    view.update(
      [canary({ phase: 'rolling back', rollback: true, updated: 3, batch: { current: 2, total: 2 } })],
      T0 + 60_000,
    );
    await term.flush();
    const screen = term.lines();
    // Assess: a frame of 7 rows (header, group, rule, 4 events) and the cursor's row
    assert.match(screen[1] ?? '', /rolling back .* rollback batch 2\/2/);
    assert.deepEqual(screen.slice(3), ['event 7', 'event 8', 'event 9', 'event 10']);
    // Act: finishing keeps every event on screen
    view.finish();
    await term.flush();
    assert.deepEqual(term.lines().filter((l) => l.startsWith('event ')).length, 10);
    term.dispose();
  });

  it('prints plain lines on a pipe, one per change of a group, and every event', () => {
    // Prepare
    const written: string[] = [];
    const view = createRolloutView({ isTTY: false, write: (chunk: string) => written.push(chunk) });
    // Act
    view.update([canary()], T0 + 10_000);
    view.update([canary()], T0 + 20_000);
    view.update([canary({ updated: 2, phase: 'paused at gate' })], T0 + 30_000);
    view.event('an event');
    // Assess
    assert.equal(written.length, 3);
    assert.match(
      written[0] ?? '',
      /^08:00:10 {2}web-canary \(asg-canary1\) +canary +rolling .* 0\/4 +0% batch 1\/2\n$/,
    );
    assert.match(written[1] ?? '', /^08:00:30 {2}.*paused at gate .* 2\/4 +50%/);
    assert.equal(written[2], 'an event\n');
    assert.ok(!written.join('').includes('\x1b'), 'no terminal escapes on a pipe');
  });

  it('--no-progress gives plain lines on a terminal too', async () => {
    // Prepare
    const term = fakeTerminal(110, 10);
    const view = createRolloutView(term, { live: false });
    // Act
    view.update([canary()], T0);
    view.update([canary({ updated: 1 })], T0 + 5000);
    await term.flush();
    // Assess: both states stay on screen, one after the other
    assert.equal(term.lines().filter((l) => l.includes('web-canary (asg-canary1)')).length, 2);
    term.dispose();
  });
});

describe('event lines', () => {
  it('name the group by name and id, and label a rollback and its batches', () => {
    // Act
    const line = eventLine(
      {
        type: 'batch.passed',
        at: '2026-03-02T08:05:00Z',
        groupId: 'asg-canary1',
        message: 'batch 1/2 of web-canary passed',
        detail: { rollbackOf: 'exec-1' },
      },
      'web-canary',
    );
    const plain = eventLine(
      { type: 'rollout.started', at: '2026-03-02T08:00:00Z', groupId: 'asg-prod1', message: 'started', detail: {} },
      'web-prod',
    );
    // Assess
    assert.match(
      line,
      /^08:05:00 {2}rollback batch\.passed +web-canary \(asg-canary1\) +rollback batch 1\/2 of web-canary passed$/,
    );
    assert.match(plain, /^08:00:00 {2}rollout\.started +web-prod \(asg-prod1\) +started$/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkSecondsOf,
  checkSecondsProblems,
  decideGate,
  GateSchema,
  NO_OBSERVATIONS,
  observe,
  observeAll,
  pauseOf,
  type GateDecision,
  type GateInput,
  type HealthSample,
} from '../../shared/domain/index';
import { execution } from './fixtures';

const FINISHED = '2026-03-02T03:00:00.000Z';
const at = (seconds: number): string => new Date(Date.parse(FINISHED) + seconds * 1000).toISOString();
const sample = (seconds: number, verdict: HealthSample['verdict'], reasons: string[] = []): HealthSample => ({
  at: at(seconds),
  verdict,
  reasons,
});

/**
 * bake 60 s, poll 5 s, an answer covers at most 10 s (checkSeconds set: the table tests the rule at a short
 * coverage; the default's spacing has its own tests below), timeout 300 s, starved after 120 s, 3 failed checks in
 * a row fail, 1 retry, no skips.
 */
const SETTINGS = GateSchema.parse({
  bakeSeconds: 60,
  pollSeconds: 5,
  checkSeconds: 10,
  timeoutSeconds: 300,
  starvedSeconds: 120,
  failureThreshold: 3,
  retries: 1,
});

/** Answers every `step` seconds from `from` to `to` inclusive. */
const every = (
  step: number,
  from: number,
  to: number,
  verdict: HealthSample['verdict'],
  reasons: string[] = [],
): HealthSample[] =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => sample(from + i * step, verdict, reasons));

function input(
  overrides: Partial<Omit<GateInput, 'observations'>> & { nowAt: number; samples?: HealthSample[] },
): GateInput {
  const { nowAt, samples = [], ...rest } = overrides;
  const settings = rest.settings ?? SETTINGS;
  return {
    pause: { kind: 'batch', batch: 1, totalBatches: 3, finishedAt: FINISHED },
    observations: observeAll(samples, FINISHED, settings),
    settings: SETTINGS,
    onFailure: 'rollback',
    holdReminderSeconds: 3600,
    groupSize: 10,
    now: new Date(at(nowAt)),
    ...rest,
  };
}

describe('decideGate at a batch pause', () => {
  const cases: Array<{ name: string; input: GateInput; expected: GateDecision }> = [
    {
      name: 'waits for the first health-check answer',
      input: input({ nowAt: 1 }),
      expected: { decision: 'wait', recheckAt: at(6), reasons: ['awaiting the first health check'] },
    },
    {
      name: 'healthy but not yet baked: waits',
      input: input({ nowAt: 30, samples: every(5, 5, 30, 'pass') }),
      expected: { decision: 'wait', recheckAt: at(38), reasons: [`healthy since ${at(5)}; baked 25 of 60 s`] },
    },
    {
      name: 'healthy without a break for the bake time: approve',
      input: input({ nowAt: 66, samples: every(5, 5, 65, 'pass') }),
      expected: { decision: 'approve', reasons: [`healthy since ${at(5)}, baked 60 s`] },
    },
    {
      name: 'a passing run is asked again shortly before its answer stops vouching for it, not every poll',
      input: input({ nowAt: 20, samples: every(10, 0, 20, 'pass') }),
      // Coverage max(2 × 5 s, 10 s) = 10 s, asked again 2 s before it runs out.
      expected: { decision: 'wait', recheckAt: at(28), reasons: [`healthy since ${at(0)}; baked 20 of 60 s`] },
    },
    {
      name: 'a run that is not passing is asked again every poll',
      input: input({ nowAt: 20, samples: every(5, 0, 20, 'wait') }),
      expected: { decision: 'wait', recheckAt: at(25), reasons: ['health check says wait'] },
    },
    {
      name: 'the recheck comes when the bake can end, if before the next poll',
      input: input({ nowAt: 62, samples: every(7, 6, 62, 'pass') }),
      expected: { decision: 'wait', recheckAt: at(66), reasons: [`healthy since ${at(6)}; baked 56 of 60 s`] },
    },
    {
      name: 'a failed check resets the bake: the streak starts again',
      input: input({
        nowAt: 70,
        samples: [...every(5, 5, 25, 'pass'), sample(30, 'fail', ['i-1 http: 500']), ...every(5, 40, 70, 'pass')],
      }),
      expected: { decision: 'wait', recheckAt: at(78), reasons: [`healthy since ${at(40)}; baked 30 of 60 s`] },
    },
    {
      name: 'answers from before the batch finished do not count toward the bake',
      input: input({ nowAt: 20, samples: [sample(-120, 'pass'), sample(-60, 'pass'), sample(20, 'pass')] }),
      expected: { decision: 'wait', recheckAt: at(28), reasons: [`healthy since ${at(20)}; baked 0 of 60 s`] },
    },
    {
      name: 'a gap nobody observed counts toward neither the bake nor the timeout: only 10 s of it',
      input: input({ nowAt: 600, samples: [...every(5, 5, 20, 'pass'), ...every(5, 570, 600, 'pass')] }),
      expected: { decision: 'wait', recheckAt: at(605), reasons: [`healthy since ${at(5)}; baked 55 of 60 s`] },
    },
    {
      name: 'failureThreshold consecutive failures: failure action',
      input: input({
        nowAt: 16,
        samples: [
          sample(5, 'fail', ['i-1 http: refused']),
          sample(10, 'fail'),
          sample(15, 'fail', ['i-1 http: refused']),
        ],
      }),
      expected: {
        decision: 'failureAction',
        action: 'rollback',
        reasons: ['3 consecutive failed health checks', 'i-1 http: refused'],
      },
    },
    {
      name: 'the failure action follows the policy (hold)',
      input: input({
        nowAt: 16,
        onFailure: 'hold',
        samples: [sample(5, 'fail'), sample(10, 'fail'), sample(15, 'fail')],
      }),
      expected: { decision: 'failureAction', action: 'hold', reasons: ['3 consecutive failed health checks'] },
    },
    {
      name: 'observed for the whole timeout without becoming healthy: failure action',
      input: input({
        nowAt: 301,
        onFailure: 'cancel',
        samples: every(5, 0, 300, 'wait', ['i-1 ecsRunning: Starting']),
      }),
      expected: {
        decision: 'failureAction',
        action: 'cancel',
        reasons: ['not healthy after 300 s of observation since the batch finished', 'i-1 ecsRunning: Starting'],
      },
    },
    {
      name: 'undecided long after the batch finished, but hardly observed: no failure, it waits',
      input: input({ nowAt: 900, samples: [sample(890, 'wait', ['warming']), sample(900, 'wait', ['warming'])] }),
      expected: { decision: 'wait', recheckAt: at(905), reasons: ['warming'] },
    },
    {
      name: 'healthy when the observed timeout runs out: it became healthy in time and finishes its bake',
      input: input({ nowAt: 320, samples: [...every(5, 0, 280, 'wait'), ...every(5, 285, 320, 'pass')] }),
      expected: { decision: 'wait', recheckAt: at(328), reasons: [`healthy since ${at(285)}; baked 35 of 60 s`] },
    },
    {
      name: 'no answer for starvedSeconds since the batch finished: starved, with the reason',
      input: input({ nowAt: 120, unobserved: 'health-check function hc could not be invoked: Throttled' }),
      expected: {
        decision: 'starved',
        since: FINISHED,
        recheckAt: at(125),
        reasons: [`no observation since ${FINISHED}: health-check function hc could not be invoked: Throttled`],
      },
    },
    {
      name: 'starved after earlier answers: counted from the latest answer',
      input: input({ nowAt: 200, samples: every(5, 5, 60, 'pass') }),
      expected: {
        decision: 'starved',
        since: at(60),
        recheckAt: at(205),
        reasons: [`no observation since ${at(60)}: no health-check answer`],
      },
    },
    {
      name: 'a gate whose clock is behind the health check (skew): answers stamped after now still count',
      input: input({ nowAt: 50, samples: every(5, 5, 65, 'pass') }),
      expected: { decision: 'approve', reasons: [`healthy since ${at(5)}, baked 60 s`] },
    },
    {
      name: 'bake time zero: the first healthy answer approves',
      input: input({ nowAt: 3, settings: { ...SETTINGS, bakeSeconds: 0 }, samples: [sample(2, 'pass')] }),
      expected: { decision: 'approve', reasons: [`healthy since ${at(2)}, baked 0 s`] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(decideGate(c.input), c.expected));
  }
});

describe('observation history', () => {
  const settings = SETTINGS;
  const finished = Date.parse(FINISHED);
  it('answers that arrive out of order give the same verdict as in order', () => {
    const inOrder = [...every(5, 5, 40, 'pass'), ...every(5, 45, 65, 'pass')];
    const shuffled = [inOrder[3]!, inOrder[0]!, inOrder[12]!, ...inOrder.slice(4, 12), inOrder[1]!, inOrder[2]!];
    assert.deepEqual(observeAll(shuffled, FINISHED, settings), observeAll(inOrder, FINISHED, settings));
    assert.equal(decideGate(input({ nowAt: 66, samples: shuffled })).decision, 'approve');
  });

  it('a late answer, older than the latest one folded, is superseded and changes nothing', () => {
    const log = [sample(10, 'pass'), sample(20, 'pass')].reduce(
      (l, s) => observe(l, s, finished, settings),
      NO_OBSERVATIONS,
    );
    assert.deepEqual(observe(log, sample(15, 'fail'), finished, settings), log);
  });

  it('an answer stamped before the pause finished is about the batch before', () => {
    assert.deepEqual(observe(NO_OBSERVATIONS, sample(-1, 'pass'), finished, settings), NO_OBSERVATIONS);
  });

  it('observed time grows only by the gaps between answers, each at most the coverage', () => {
    const log = observeAll(
      [sample(0, 'wait'), sample(5, 'wait'), sample(100, 'pass'), sample(103, 'pass')],
      FINISHED,
      settings,
    );
    assert.equal(log.observedMs, (5 + 10 + 3) * 1000);
    assert.deepEqual(log.run, {
      verdict: 'pass',
      sinceMs: finished + 100_000,
      lastMs: finished + 103_000,
      count: 2,
      coveredMs: 3000,
    });
  });

  it('the same history gives the same verdict however slowly it was gathered (slow answers cover only their gap)', () => {
    // Answers every 5 s (fast) or every 40 s (slow): the slow gate needs more answers, never a different verdict.
    const fast = decideGate(input({ nowAt: 400, samples: every(5, 0, 400, 'pass') }));
    const slow = decideGate(input({ nowAt: 4000, samples: every(40, 0, 4000, 'pass') }));
    assert.equal(fast.decision, 'approve');
    assert.equal(slow.decision, 'approve');
    const slowWaiting = decideGate(input({ nowAt: 4000, samples: every(40, 0, 4000, 'wait') }));
    assert.equal(slowWaiting.decision, 'failureAction', 'observed 300 s in 10 s slices: the timeout applies');
    assert.equal(
      decideGate(input({ nowAt: 1160, samples: every(40, 0, 1160, 'wait') })).decision,
      'wait',
      '29 gaps of 10 s: not yet',
    );
  });
});

describe('bake checks spaced to the bake (checkSeconds)', () => {
  /** The same policy with checkSeconds left to its default: a third of the 60 s bake plus 2 s = 22 s. */
  const DEFAULT = GateSchema.parse({ bakeSeconds: 60, pollSeconds: 5, timeoutSeconds: 300, starvedSeconds: 120 });
  const withDefault = (nowAt: number, samples: HealthSample[]): GateInput => ({
    ...input({ nowAt }),
    settings: DEFAULT,
    observations: observeAll(samples, FINISHED, DEFAULT),
  });

  it('defaults to a third of the bake plus the 2 s margin, at least 2 polls and 10 s, at most 60 s', () => {
    const of = (bakeSeconds: number, pollSeconds: number, checkSeconds?: number) =>
      checkSecondsOf({ bakeSeconds, pollSeconds, ...(checkSeconds === undefined ? {} : { checkSeconds }) });
    assert.equal(of(60, 5), 22);
    assert.equal(of(600, 5), 60);
    assert.equal(of(10, 5), 10);
    assert.equal(of(60, 20), 40, 'two poll intervals');
    assert.equal(of(0, 1), 10);
    assert.equal(of(60, 5, 30), 30, 'set in the policy');
  });

  it('a passing run is asked again 20 s later: a 60 s bake takes four answers, not nine', () => {
    let log = NO_OBSERVATIONS;
    const asked: number[] = [];
    let t = 0;
    for (let i = 0; i < 20; i += 1) {
      asked.push(t);
      log = observe(log, sample(t, 'pass'), Date.parse(FINISHED), DEFAULT);
      const d = decideGate({ ...input({ nowAt: t }), settings: DEFAULT, observations: log });
      if (d.decision !== 'wait') {
        assert.equal(d.decision, 'approve');
        break;
      }
      // Each answer comes 1 s after it was due (the whole-second stamp of a round that starts on time).
      t = (Date.parse(d.recheckAt) - Date.parse(FINISHED)) / 1000 + 1;
    }
    assert.deepEqual(asked, [0, 21, 42, 61]);
  });

  it('a gap nobody observed counts only the 22 s one answer vouches for', () => {
    const log = observeAll([sample(0, 'pass'), sample(100, 'pass')], FINISHED, DEFAULT);
    assert.equal(log.run?.coveredMs, 22_000);
    assert.equal(log.observedMs, 22_000);
    assert.deepEqual(decideGate(withDefault(100, [sample(0, 'pass'), sample(100, 'pass')])), {
      decision: 'wait',
      recheckAt: at(120),
      reasons: [`healthy since ${at(0)}; baked 22 of 60 s`],
    });
  });

  it('a run that is not passing is still asked every poll', () => {
    assert.deepEqual(decideGate(withDefault(20, every(5, 0, 20, 'wait'))), {
      decision: 'wait',
      recheckAt: at(25),
      reasons: ['health check says wait'],
    });
  });

  it('a checkSeconds the other settings cannot keep is refused with the reason', () => {
    const problems = (gate: Record<string, unknown>) =>
      checkSecondsProblems(GateSchema.parse({ pollSeconds: 10, starvedSeconds: 120, ...gate })).map((p) => p.message);
    assert.deepEqual(problems({}), []);
    assert.deepEqual(problems({ checkSeconds: 20 }), []);
    assert.match(problems({ checkSeconds: 15 })[0] ?? '', /less than 2 × pollSeconds \(20\)/);
    assert.match(problems({ checkSeconds: 120 })[0] ?? '', /not less than starvedSeconds 120/);
    assert.throws(() => GateSchema.parse({ checkSeconds: 5 }), /10/);
  });
});

describe('decideGate at a failure pause', () => {
  const failurePause = (failed: Array<[string, number]>, skipped = 0): GateInput['pause'] => ({
    kind: 'failure',
    batch: 2,
    totalBatches: 3,
    finishedAt: FINISHED,
    failedInstances: failed.map(([instanceId, retries]) => ({ instanceId, retries })),
    skipped,
  });

  it('retries instances that have retries left', () => {
    const d = decideGate(
      input({
        nowAt: 10,
        pause: failurePause([
          ['i-1', 0],
          ['i-2', 1],
        ]),
      }),
    );
    assert.deepEqual(d, {
      decision: 'retry',
      instances: ['i-1'],
      reasons: ['retry 1 failed instance(s), at most 1 retries each'],
    });
  });

  it('skips exhausted instances when the allowance (count) permits', () => {
    const d = decideGate(
      input({ nowAt: 10, settings: { ...SETTINGS, allowedFailedInstances: 1 }, pause: failurePause([['i-2', 1]]) }),
    );
    assert.deepEqual(d, {
      decision: 'skip',
      instances: ['i-2'],
      reasons: ['1 failed instance(s) within the 1 allowed'],
    });
  });

  it('skips when a percentage of the group permits (20% of 10 = 2)', () => {
    const d = decideGate(
      input({
        nowAt: 10,
        settings: { ...SETTINGS, allowedFailedInstances: '20%' },
        pause: failurePause([
          ['i-2', 1],
          ['i-3', 1],
        ]),
      }),
    );
    assert.equal(d.decision, 'skip');
  });

  it('counts instances skipped earlier against the allowance', () => {
    const d = decideGate(
      input({
        nowAt: 10,
        settings: { ...SETTINGS, allowedFailedInstances: '20%' },
        pause: failurePause([['i-2', 1]], 2),
      }),
    );
    assert.deepEqual(d, {
      decision: 'failureAction',
      action: 'rollback',
      reasons: ['3 failed instance(s) after 1 retries; 2 allowed', 'i-2 failed'],
    });
  });

  it('applies the failure action when nothing may be skipped', () => {
    const d = decideGate(input({ nowAt: 10, onFailure: 'hold', pause: failurePause([['i-2', 1]]) }));
    assert.equal(d.decision, 'failureAction');
    assert.equal(d.decision === 'failureAction' && d.action, 'hold');
  });
});

describe('decideGate: final bake after the last batch', () => {
  it('a healthy final bake is done', () => {
    const d = decideGate(
      input({ nowAt: 61, pause: { kind: 'final', finishedAt: FINISHED }, samples: every(5, 0, 60, 'pass') }),
    );
    assert.deepEqual(d, { decision: 'done', reasons: [`healthy since ${at(0)}, baked 60 s`] });
  });

  it('a failed final bake rolls the whole execution back, even when the policy says cancel', () => {
    const d = decideGate(
      input({
        nowAt: 16,
        onFailure: 'cancel',
        pause: { kind: 'final', finishedAt: FINISHED },
        samples: [sample(5, 'fail'), sample(10, 'fail'), sample(15, 'fail')],
      }),
    );
    assert.equal(d.decision === 'failureAction' && d.action, 'rollback');
  });

  it('a failed final bake holds when the policy says hold', () => {
    const d = decideGate(
      input({
        nowAt: 301,
        onFailure: 'hold',
        pause: { kind: 'final', finishedAt: FINISHED },
        samples: every(5, 0, 300, 'wait'),
      }),
    );
    assert.equal(d.decision === 'failureAction' && d.action, 'hold');
  });
});

describe('decideGate while held', () => {
  it('reminds when the interval has passed since the hold began', () => {
    const d = decideGate(input({ nowAt: 3600, pause: { kind: 'held', heldSince: FINISHED } }));
    assert.deepEqual(d, { decision: 'holdReminder', nextReminderAt: at(7200), reasons: [`held since ${FINISHED}`] });
  });

  it('waits until the next reminder is due', () => {
    const d = decideGate(
      input({ nowAt: 4000, pause: { kind: 'held', heldSince: FINISHED, lastReminderAt: at(3600) } }),
    );
    assert.deepEqual(d, { decision: 'wait', recheckAt: at(7200), reasons: ['held; next reminder not due'] });
  });
});

describe('pauseOf', () => {
  it('maps a batch-paused execution, a failure-paused one, a succeeded one and a running one', () => {
    const waiting = { reason: 'batch' as const, batch: 1, totalBatches: 3, finishedAt: FINISHED, failedInstances: [] };
    assert.deepEqual(pauseOf(execution('e1', 'asg-1', { status: 'Waiting', waiting })), {
      kind: 'batch',
      batch: 1,
      totalBatches: 3,
      finishedAt: FINISHED,
    });
    const failed = { ...waiting, reason: 'failure' as const, failedInstances: [{ instanceId: 'i-1', retries: 0 }] };
    assert.deepEqual(pauseOf(execution('e2', 'asg-1', { status: 'Waiting', waiting: failed })), {
      kind: 'failure',
      batch: 1,
      totalBatches: 3,
      finishedAt: FINISHED,
      failedInstances: [{ instanceId: 'i-1', retries: 0 }],
    });
    assert.deepEqual(pauseOf(execution('e3', 'asg-1', { status: 'Success', endDate: FINISHED })), {
      kind: 'final',
      finishedAt: FINISHED,
    });
    assert.equal(pauseOf(execution('e4', 'asg-1', { status: 'Running' })), undefined);
  });
});

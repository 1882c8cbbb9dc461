import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideGate, GateSchema, pauseOf, type GateDecision, type GateInput, type HealthSample } from '../../shared/domain/index';
import { execution } from './fixtures';

const FINISHED = '2026-03-02T03:00:00.000Z';
const at = (seconds: number): string => new Date(Date.parse(FINISHED) + seconds * 1000).toISOString();
const sample = (seconds: number, verdict: HealthSample['verdict'], reasons: string[] = []): HealthSample => ({ at: at(seconds), verdict, reasons });

/** bake 60 s, poll 5 s, timeout 300 s, 3 failed checks in a row fail, 1 retry, no skips. */
const SETTINGS = GateSchema.parse({ bakeSeconds: 60, pollSeconds: 5, timeoutSeconds: 300, failureThreshold: 3, retries: 1 });

function input(overrides: Partial<GateInput> & { nowAt: number }): GateInput {
  const { nowAt, ...rest } = overrides;
  return {
    pause: { kind: 'batch', batch: 1, totalBatches: 3, finishedAt: FINISHED },
    samples: [],
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
      input: input({ nowAt: 30, samples: [sample(5, 'pass'), sample(30, 'pass')] }),
      expected: { decision: 'wait', recheckAt: at(35), reasons: [`healthy since ${at(5)}; baking 60 s`] },
    },
    {
      name: 'healthy without a break for the bake time: approve',
      input: input({ nowAt: 66, samples: [sample(5, 'pass'), sample(35, 'pass'), sample(65, 'pass')] }),
      expected: { decision: 'approve', reasons: [`healthy since ${at(5)}, baked 60 s`] },
    },
    {
      name: 'a failed check resets the bake: the streak starts again',
      input: input({ nowAt: 70, samples: [sample(5, 'pass'), sample(30, 'fail', ['i-1 http: 500']), sample(40, 'pass'), sample(70, 'pass')] }),
      expected: { decision: 'wait', recheckAt: at(75), reasons: [`healthy since ${at(40)}; baking 60 s`] },
    },
    {
      name: 'answers from before the batch finished do not count toward the bake',
      input: input({ nowAt: 20, samples: [sample(-120, 'pass'), sample(-60, 'pass'), sample(20, 'pass')] }),
      expected: { decision: 'wait', recheckAt: at(25), reasons: [`healthy since ${at(20)}; baking 60 s`] },
    },
    {
      name: 'failureThreshold consecutive failures: failure action',
      input: input({ nowAt: 16, samples: [sample(5, 'fail', ['i-1 http: refused']), sample(10, 'fail'), sample(15, 'fail', ['i-1 http: refused'])] }),
      expected: { decision: 'failureAction', action: 'rollback', reasons: ['3 consecutive failed health checks', 'i-1 http: refused'] },
    },
    {
      name: 'the failure action follows the policy (hold)',
      input: input({ nowAt: 16, onFailure: 'hold', samples: [sample(5, 'fail'), sample(10, 'fail'), sample(15, 'fail')] }),
      expected: { decision: 'failureAction', action: 'hold', reasons: ['3 consecutive failed health checks'] },
    },
    {
      name: 'undecided at the gate timeout counts as failed',
      input: input({ nowAt: 300, onFailure: 'cancel', samples: [sample(290, 'wait', ['i-1 ecsRunning: Starting'])] }),
      expected: { decision: 'failureAction', action: 'cancel', reasons: ['gate undecided 300 s after the batch finished', 'i-1 ecsRunning: Starting'] },
    },
    {
      name: 'the recheck never goes past the timeout',
      input: input({ nowAt: 298, samples: [sample(297, 'wait', ['warming'])] }),
      expected: { decision: 'wait', recheckAt: at(300), reasons: ['warming'] },
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
    const d = decideGate(input({ nowAt: 10, pause: failurePause([['i-1', 0], ['i-2', 1]]) }));
    assert.deepEqual(d, { decision: 'retry', instances: ['i-1'], reasons: ['retry 1 failed instance(s), at most 1 retries each'] });
  });

  it('skips exhausted instances when the allowance (count) permits', () => {
    const d = decideGate(input({ nowAt: 10, settings: { ...SETTINGS, allowedFailedInstances: 1 }, pause: failurePause([['i-2', 1]]) }));
    assert.deepEqual(d, { decision: 'skip', instances: ['i-2'], reasons: ['1 failed instance(s) within the 1 allowed'] });
  });

  it('skips when a percentage of the group permits (20% of 10 = 2)', () => {
    const d = decideGate(input({ nowAt: 10, settings: { ...SETTINGS, allowedFailedInstances: '20%' }, pause: failurePause([['i-2', 1], ['i-3', 1]]) }));
    assert.equal(d.decision, 'skip');
  });

  it('counts instances skipped earlier against the allowance', () => {
    const d = decideGate(input({ nowAt: 10, settings: { ...SETTINGS, allowedFailedInstances: '20%' }, pause: failurePause([['i-2', 1]], 2) }));
    assert.deepEqual(d, { decision: 'failureAction', action: 'rollback', reasons: ['3 failed instance(s) after 1 retries; 2 allowed', 'i-2 failed'] });
  });

  it('applies the failure action when nothing may be skipped', () => {
    const d = decideGate(input({ nowAt: 10, onFailure: 'hold', pause: failurePause([['i-2', 1]]) }));
    assert.equal(d.decision, 'failureAction');
    assert.equal(d.decision === 'failureAction' && d.action, 'hold');
  });
});

describe('decideGate: final bake after the last batch', () => {
  it('a healthy final bake is done', () => {
    const d = decideGate(input({ nowAt: 61, pause: { kind: 'final', finishedAt: FINISHED }, samples: [sample(0, 'pass'), sample(60, 'pass')] }));
    assert.deepEqual(d, { decision: 'done', reasons: [`healthy since ${at(0)}, baked 60 s`] });
  });

  it('a failed final bake rolls the whole execution back, even when the policy says cancel', () => {
    const d = decideGate(input({ nowAt: 16, onFailure: 'cancel', pause: { kind: 'final', finishedAt: FINISHED }, samples: [sample(5, 'fail'), sample(10, 'fail'), sample(15, 'fail')] }));
    assert.equal(d.decision === 'failureAction' && d.action, 'rollback');
  });

  it('a failed final bake holds when the policy says hold', () => {
    const d = decideGate(input({ nowAt: 300, onFailure: 'hold', pause: { kind: 'final', finishedAt: FINISHED } }));
    assert.equal(d.decision === 'failureAction' && d.action, 'hold');
  });
});

describe('decideGate while held', () => {
  it('reminds when the interval has passed since the hold began', () => {
    const d = decideGate(input({ nowAt: 3600, pause: { kind: 'held', heldSince: FINISHED } }));
    assert.deepEqual(d, { decision: 'holdReminder', nextReminderAt: at(7200), reasons: [`held since ${FINISHED}`] });
  });

  it('waits until the next reminder is due', () => {
    const d = decideGate(input({ nowAt: 4000, pause: { kind: 'held', heldSince: FINISHED, lastReminderAt: at(3600) } }));
    assert.deepEqual(d, { decision: 'wait', recheckAt: at(7200), reasons: ['held; next reminder not due'] });
  });
});

describe('pauseOf', () => {
  it('maps a batch-paused execution, a failure-paused one, a succeeded one and a running one', () => {
    const waiting = { reason: 'batch' as const, batch: 1, totalBatches: 3, finishedAt: FINISHED, failedInstances: [] };
    assert.deepEqual(pauseOf(execution('e1', 'asg-1', { status: 'Waiting', waiting })), { kind: 'batch', batch: 1, totalBatches: 3, finishedAt: FINISHED });
    const failed = { ...waiting, reason: 'failure' as const, failedInstances: [{ instanceId: 'i-1', retries: 0 }] };
    assert.deepEqual(pauseOf(execution('e2', 'asg-1', { status: 'Waiting', waiting: failed })), {
      kind: 'failure',
      batch: 1,
      totalBatches: 3,
      finishedAt: FINISHED,
      failedInstances: [{ instanceId: 'i-1', retries: 0 }],
    });
    assert.deepEqual(pauseOf(execution('e3', 'asg-1', { status: 'Success', endDate: FINISHED })), { kind: 'final', finishedAt: FINISHED });
    assert.equal(pauseOf(execution('e4', 'asg-1', { status: 'Running' })), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rolloutOutcome, type OutcomeInput } from '../../shared/rollout-view/index';

const rollout = (status: string) => ({ executionId: 'exec-1', status, rollback: false });
const rollback = (status: string) => ({ executionId: 'exec-2', status, rollback: true });

describe('rolloutOutcome', () => {
  const cases: Array<{ name: string; input: Partial<OutcomeInput>; expect: string }> = [
    {
      name: 'rolled out: the execution succeeded and the group runs the new revision',
      input: { executions: [rollout('Success')], now: 'm-new' },
      expect: 'rolled out',
    },
    {
      name: 'rolled back: the rollback succeeded (its own status is Success too)',
      input: { executions: [rollout('Waiting'), rollback('Success')], now: 'm-old' },
      expect: 'rolled back',
    },
    {
      name: 'not a success: the execution succeeded but the group is back on its old revision',
      input: { executions: [rollout('Success')], now: 'm-old' },
      expect: 'failed',
    },
    {
      name: 'held: a rollgate.held execution still waiting',
      input: { executions: [rollout('Waiting')], heldExecutionIds: new Set(['exec-1']) },
      expect: 'held',
    },
    {
      name: 'held: a rollback held at its own failed gate',
      input: { executions: [rollout('Waiting'), rollback('Waiting')], heldExecutionIds: new Set(['exec-2']) },
      expect: 'held',
    },
    { name: 'cancelled', input: { executions: [rollout('Cancelled')] }, expect: 'cancelled' },
    {
      name: 'in progress: waiting at a gate not held',
      input: { executions: [rollout('Waiting')] },
      expect: 'in progress',
    },
    { name: 'unchanged: no execution', input: { executions: [] }, expect: 'unchanged' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      // Act
      const outcome = rolloutOutcome({
        executions: [],
        heldExecutionIds: new Set(),
        now: 'm-new',
        target: 'm-new',
        ...c.input,
      });
      // Assess
      assert.equal(outcome, c.expect);
    });
  }
});

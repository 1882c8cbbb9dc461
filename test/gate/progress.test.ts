// When the loop looks at a batch nothing predicts, from its instances'
// progress (one listing of running child executions): every second once all
// its running children are in their final steps (once per batch), at the
// progress spacing while they are not, and at the poll as before when the
// listing shows none or fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Execution } from '../../shared/cloud/api';
import type { ControllerDeps } from '../../shared/controller/deps';
import { newGateMemory } from '../../shared/controller/gate/memory';
import { progressLookAt, readProgress } from '../../shared/controller/gate/progress';

const T0 = Date.parse('2026-03-02T08:00:00Z');

function execution(id: string, tasks: Array<{ TaskName: string; TaskAction: string }>, parent?: string): Execution {
  return {
    executionId: id,
    status: 'Running',
    parameters: {},
    outputs: {},
    tags: {},
    currentTasks: tasks,
    startDate: new Date(T0).toISOString(),
    ...(parent === undefined ? {} : { parentExecutionId: parent }),
  };
}

const parent = execution('exec-p', [{ TaskName: 'rollingUpdate', TaskAction: 'ACS::ESS::ReplaceSystemDisk' }]);
const child = (id: string, step: string) =>
  execution(id, [{ TaskName: step, TaskAction: 'ACS::WaitFor' }], parent.executionId);

function depsListing(answer: () => Execution[]): { deps: ControllerDeps; calls: number } {
  const counted = { calls: 0 };
  const deps = {
    clients: {
      oos: {
        listAllExecutions: async () => {
          counted.calls += 1;
          return answer();
        },
      },
    },
    log: { warn: () => undefined },
  } as unknown as ControllerDeps;
  return {
    deps,
    get calls() {
      return counted.calls;
    },
  };
}

describe('gate: looks from a batch’s progress', () => {
  it('looks every second once every running child is in its final steps, once per batch', async () => {
    // Prepare
    const memory = newGateMemory();
    const cloud = depsListing(() => [
      child('exec-c1', 'exitStandBy'),
      child('exec-c2', 'setInstancesProtectionToTrue'),
    ]);
    // Act
    await readProgress(cloud.deps, memory, [parent], T0, 5);
    const near = progressLookAt(memory, parent, T0);
    const later = T0 + 9_000;
    await readProgress(cloud.deps, memory, [parent], later, 5);
    // Assess
    assert.equal(near, T0 + 1000);
    assert.equal(cloud.calls, 2);
    assert.equal(progressLookAt(memory, parent, later), later + 9_000, 'a lingering final step: no second window');
  });

  it('looks again at the progress spacing while a child is in an earlier step, with no poll in between', async () => {
    // Prepare
    const memory = newGateMemory();
    const cloud = depsListing(() => [child('exec-c1', 'exitStandBy'), child('exec-c2', 'replaceSystemDisk')]);
    // Act
    await readProgress(cloud.deps, memory, [parent], T0, 5);
    await readProgress(cloud.deps, memory, [parent], T0 + 5_000, 5);
    // Assess
    assert.equal(progressLookAt(memory, parent, T0 + 5_000), T0 + 9_000);
    assert.equal(cloud.calls, 1, 'not listed again before it is due');
  });

  it('polls as before when the listing shows no running child, or fails', async () => {
    // Prepare
    const memory = newGateMemory();
    const none = depsListing(() => []);
    const failing = depsListing(() => {
      throw new Error('Throttling.User');
    });
    const other = { ...parent, executionId: 'exec-q' };
    // Act
    await readProgress(none.deps, memory, [parent], T0, 5);
    await readProgress(failing.deps, memory, [other], T0, 5);
    // Assess
    assert.equal(progressLookAt(memory, parent, T0 + 1000), undefined);
    assert.equal(progressLookAt(memory, other, T0 + 1000), undefined);
  });

  it('does not list children for a rollout before its loop starts', async () => {
    // Prepare
    const memory = newGateMemory();
    const cloud = depsListing(() => []);
    const early = execution('exec-e', [{ TaskName: 'getInstance', TaskAction: 'ACS::ExecuteAPI' }]);
    // Act
    await readProgress(cloud.deps, memory, [early], T0, 5);
    // Assess
    assert.equal(cloud.calls, 0);
    assert.equal(progressLookAt(memory, early, T0), undefined);
  });
});

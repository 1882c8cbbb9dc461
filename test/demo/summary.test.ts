// The demo's summary says per group what it ran before, what it runs now and
// how the rollout ended — `rolled back` for a group that was, never an
// execution status such as Success.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Execution } from '../../shared/cloud/index';
import { ROLLBACK_OF_TAG } from '../../shared/controller/gate/index';
import { makeEvent } from '../../shared/domain/events';
import { EXECUTION_TAG } from '../../shared/domain/tags';
import type { FleetView, GroupView } from '../../scripts/demo/observe';
import { summaryTable } from '../../scripts/demo/report';

function execution(
  id: string,
  groupId: string,
  revision: string,
  status: Execution['status'],
  extra: Partial<Execution> = {},
): Execution {
  return {
    executionId: id,
    status,
    parameters: { imageId: revision, sourceImageId: 'm-good', batchNumber: 2 },
    outputs: {},
    tags: { [EXECUTION_TAG.scalingGroup]: groupId, [EXECUTION_TAG.revision]: revision },
    currentTasks: [],
    startDate: '2026-03-02T08:00:00Z',
    endDate: '2026-03-02T08:05:00Z',
    ...extra,
  };
}

function group(name: string, configImageId: string, executions: Execution[], managed = true): GroupView {
  return {
    groupId: `asg-${name}`,
    name,
    managed,
    wave: 'canary',
    configImageId,
    instances: 2,
    onTarget: 0,
    onGoal: 2,
    rollingBack: false,
    executions,
    batch: undefined,
    status: 'done',
  };
}

describe('demo summary', () => {
  it('says rolled back, rolled out, held and untouched, with before and now', () => {
    // Prepare
    const bad = 'm-bad';
    const rolledBack = group('web-canary', 'm-good', [
      execution('exec-1', 'asg-web-canary', bad, 'Waiting'),
      execution('exec-2', 'asg-web-canary', bad, 'Success', {
        tags: {
          [EXECUTION_TAG.scalingGroup]: 'asg-web-canary',
          [EXECUTION_TAG.revision]: bad,
          [ROLLBACK_OF_TAG]: 'exec-1',
        },
        parameters: { invokeType: 'rollback' },
      }),
    ]);
    const rolledOut = group('web-prod', bad, [execution('exec-3', 'asg-web-prod', bad, 'Success')]);
    const held = group('api-prod', 'm-bad', [execution('exec-4', 'asg-api-prod', bad, 'Waiting')]);
    const unmanaged = group('legacy', 'm-legacy', [], false);
    const view: FleetView = { at: '2026-03-02T09:00:00Z', groups: [rolledBack, rolledOut, held, unmanaged] };
    const events = [
      makeEvent({
        type: 'rollout.held',
        at: '2026-03-02T08:06:00Z',
        groupId: 'asg-api-prod',
        executionId: 'exec-4',
        revision: bad,
        message: 'held',
      }),
    ];
    // Act
    const table = summaryTable(view, { revision: bad, events });
    const rows = table.split('\n');
    // Assess
    assert.match(rows[0] ?? '', /^group +before +now +executions +batches +simulated +outcome$/);
    assert.match(rows[2] ?? '', /^web-canary \(asg-web-canary\) +m-good +m-good +2 +2 +10m00s +rolled back$/);
    assert.match(rows[3] ?? '', /^web-prod \(asg-web-prod\) +m-good +m-bad +1 +2 +5m00s +rolled out$/);
    assert.match(rows[4] ?? '', /^api-prod \(asg-api-prod\) +m-good +m-bad +1 +2 +5m00s +held$/);
    assert.match(rows[5] ?? '', /^legacy \(asg-legacy\) +m-legacy +m-legacy +0 +- +- +untouched \(unmanaged\)$/);
    assert.ok(!/Success/i.test(table), 'no execution status in the summary');
  });
});

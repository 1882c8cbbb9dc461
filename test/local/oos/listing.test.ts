// ListExecutions / ListTaskExecutions through the RPC handlers: wire shapes
// (Parameters string vs object), the real filters, sorting and paging.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RpcParams } from '../../../local/cloud/core/contracts';
import { oosRoutes } from '../../../local/cloud/oos/routes';
import { createFakeWorld, runUntil, seedGroup, type FakeWorld } from './fake-world';
import { IMAGE_TEMPLATE, SCRIPT_TEMPLATE, imageInvoke, scriptInvoke } from './seed-invocations';

function call(world: FakeWorld, action: string, params: RpcParams): Record<string, unknown> {
  const handler = oosRoutes['2019-06-01']?.[action];
  assert.ok(handler, `no handler for ${action}`);
  return handler({ action, version: '2019-06-01', params, world, requestId: 'req-1' });
}

type WireExecution = Record<string, unknown> & { ExecutionId: string };

function executions(body: Record<string, unknown>): WireExecution[] {
  return body.Executions as WireExecution[];
}

describe('OOS execution wire shapes', () => {
  it('StartExecution returns Parameters and Outputs as strings; ListExecutions returns Parameters as an object', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId } = seedGroup(world, 2);
    const parameters = imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' });

    // Act
    const started = call(world, 'StartExecution', {
      TemplateName: IMAGE_TEMPLATE,
      Parameters: JSON.stringify(parameters),
      Tags: JSON.stringify({ scaling_group: groupId }),
    });
    const execution = started.Execution as WireExecution;
    runUntil(world, () => world.oos.getExecution(execution.ExecutionId).status === 'Success');
    const [listed] = executions(call(world, 'ListExecutions', { ExecutionId: execution.ExecutionId }));

    // Assess
    assert.equal(typeof execution.Parameters, 'string');
    assert.equal(JSON.parse(execution.Parameters as string).imageId, 'm-new');
    assert.equal(execution.Status, 'Started');
    assert.deepEqual(execution.Tags, { scaling_group: groupId });
    assert.ok(listed);
    assert.equal((listed.Parameters as Record<string, unknown>).imageId, 'm-new');
    assert.equal(listed.Status, 'Success');
    assert.equal(typeof listed.Outputs, 'string');
    assert.equal((JSON.parse(listed.Outputs as string) as { commandOutputs: unknown[] }).commandOutputs.length, 2);
    assert.equal(listed.IsParent, true);
    assert.match(listed.EndDate as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(world.oos.executionsForGroup(groupId), [
      { executionId: execution.ExecutionId, status: 'Success' },
    ]);
  });

  it('shows a batch pause in Status, WaitingStatus, StatusMessage and CurrentTasks', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId } = seedGroup(world, 4);
    const parameters = {
      ...imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
      batchPauseOption: 'FirstBatchPause',
    };
    const id = world.oos.startExecution({
      templateName: IMAGE_TEMPLATE,
      parameters: JSON.stringify(parameters),
    }).executionId;

    // Act
    runUntil(world, () => world.oos.getExecution(id).status === 'Waiting');
    const [listed] = executions(call(world, 'ListExecutions', { ExecutionId: id }));
    const tasks = call(world, 'ListTaskExecutions', { ExecutionId: id, TaskName: 'invokeByReplaceImage' })
      .TaskExecutions as Array<Record<string, unknown>>;

    // Assess
    assert.ok(listed);
    assert.equal(listed.Status, 'Waiting');
    assert.equal(listed.WaitingStatus, 'BatchPause');
    assert.match(listed.StatusMessage as string, /^Batch 1 of 2 finished/);
    assert.deepEqual(
      (listed.CurrentTasks as Array<Record<string, string>>).map((t) => t.TaskName),
      ['invokeByReplaceImage'],
    );
    // Tasks: getInstance, suspendProcess, modifyScalingConfiguration done; the loop task waits.
    assert.deepEqual(listed.Counters, { Total: 4, Success: 3, Failed: 0, Running: 0, Waiting: 1, Cancelled: 0 });
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0]!.Status, 'Waiting');
    assert.equal(tasks[0]!.LoopBatchNumber, 1);
    assert.deepEqual(tasks[0]!.Loop, {
      Items: 4,
      Concurrency: 2,
      BatchPauseOption: 'FirstBatchPause',
      MaxErrors: 0,
      TotalBatches: 2,
      FinishedBatches: 1,
    });
  });
});

describe('ListExecutions filters', () => {
  function twoRollouts() {
    const world = createFakeWorld();
    const a = seedGroup(world, 3);
    const b = seedGroup(world, 2);
    const imageRun = call(world, 'StartExecution', {
      TemplateName: IMAGE_TEMPLATE,
      Parameters: JSON.stringify(
        imageInvoke({
          groupId: a.groupId,
          configurationId: a.configurationId,
          imageId: 'm-new',
          sourceImageId: 'm-old',
        }),
      ),
      Tags: JSON.stringify({ scaling_group: a.groupId }),
    }).Execution as WireExecution;
    runUntil(world, () => world.oos.getExecution(imageRun.ExecutionId).status === 'Success');
    world.clock.advance(60);
    const scriptRun = call(world, 'StartExecution', {
      TemplateName: SCRIPT_TEMPLATE,
      Parameters: JSON.stringify({ ...scriptInvoke(b.groupId), batchPauseOption: 'FirstBatchPause' }),
      Tags: JSON.stringify({ scaling_group: b.groupId }),
    }).Execution as WireExecution;
    runUntil(world, () => world.oos.getExecution(scriptRun.ExecutionId).status === 'Waiting');
    return { world, a, b, imageRun, scriptRun };
  }

  it('lists parents only, newest first, unless children are asked for', () => {
    // Prepare
    const { world, imageRun, scriptRun } = twoRollouts();

    // Act
    const roots = executions(call(world, 'ListExecutions', {}));
    const all = executions(call(world, 'ListExecutions', { IncludeChildExecution: 'true' }));
    const children = executions(call(world, 'ListExecutions', { ParentExecutionId: imageRun.ExecutionId }));
    const ascending = executions(call(world, 'ListExecutions', { SortOrder: 'Ascending' }));

    // Assess
    assert.deepEqual(
      roots.map((e) => e.ExecutionId),
      [scriptRun.ExecutionId, imageRun.ExecutionId],
    );
    assert.equal(all.length, 2 + 3 + 1);
    assert.equal(children.length, 3);
    assert.ok(
      children.every(
        (c) => c.TemplateName === 'ACS::ESS::ReplaceSystemDisk' && c.ParentExecutionId === imageRun.ExecutionId,
      ),
    );
    assert.ok(children.every((c) => typeof (c.Parameters as Record<string, unknown>).instanceId === 'string'));
    assert.deepEqual(
      ascending.map((e) => e.ExecutionId),
      [imageRun.ExecutionId, scriptRun.ExecutionId],
    );
  });

  it('filters by Tags, Status, TemplateName (substring) and start date', () => {
    // Prepare
    const { world, b, imageRun, scriptRun } = twoRollouts();
    const scriptStart = scriptRun.StartDate as string;

    // Act + Assess
    assert.deepEqual(
      executions(call(world, 'ListExecutions', { Tags: JSON.stringify({ scaling_group: b.groupId }) })).map(
        (e) => e.ExecutionId,
      ),
      [scriptRun.ExecutionId],
    );
    assert.deepEqual(
      executions(call(world, 'ListExecutions', { Status: 'Success' })).map((e) => e.ExecutionId),
      [imageRun.ExecutionId],
    );
    assert.deepEqual(
      executions(call(world, 'ListExecutions', { TemplateName: 'RunCommand' })).map((e) => e.ExecutionId),
      [scriptRun.ExecutionId],
    );
    assert.deepEqual(
      executions(call(world, 'ListExecutions', { StartDateAfter: scriptStart })).map((e) => e.ExecutionId),
      [scriptRun.ExecutionId],
    );
    assert.deepEqual(
      executions(call(world, 'ListExecutions', { StartDateBefore: scriptStart, Status: 'Waiting' })).map(
        (e) => e.ExecutionId,
      ),
      [scriptRun.ExecutionId],
    );
    assert.throws(() => call(world, 'ListExecutions', { StartDateAfter: 'yesterday' }), { code: 'InvalidParameter' });
  });

  it('pages with MaxResults and NextToken without losing or repeating an execution', () => {
    // Prepare
    const world = createFakeWorld();
    const { groupId, configurationId } = seedGroup(world, 25);
    const id = world.oos.startExecution({
      templateName: IMAGE_TEMPLATE,
      parameters: JSON.stringify({
        ...imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
        batchNumber: 1,
      }),
    }).executionId;
    runUntil(world, () => world.oos.getExecution(id).status === 'Success');

    // Act
    const seen: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const body = call(world, 'ListExecutions', {
        ParentExecutionId: id,
        MaxResults: '10',
        ...(token ? { NextToken: token } : {}),
      });
      seen.push(...executions(body).map((e) => e.ExecutionId));
      token = body.NextToken as string;
      pages += 1;
    } while (token);

    // Assess
    assert.equal(pages, 3);
    assert.equal(seen.length, 25);
    assert.equal(new Set(seen).size, 25);
    assert.throws(() => call(world, 'ListExecutions', { MaxResults: '5' }), { code: 'InvalidParameter' });
  });

  it('goes on after the page before: an execution started between two pages of a newest-first listing repeats none', () => {
    // Prepare: 15 finished executions a minute apart, newest first in pages of 10.
    const world = createFakeWorld();
    const { groupId, configurationId } = seedGroup(world, 2);
    const now = world.clock.now();
    const recorded = Array.from({ length: 15 }, (_, i) =>
      world.oos.recordFinishedExecution({
        templateName: IMAGE_TEMPLATE,
        status: 'Success',
        parameters: imageInvoke({ groupId, configurationId, imageId: `m-${i}`, sourceImageId: 'm-old' }),
        tags: { scaling_group: groupId },
        startMs: now - (15 - i) * 60_000,
        endMs: now - (15 - i) * 60_000 + 1000,
      }),
    );
    const page = (token?: string) =>
      call(world, 'ListExecutions', {
        SortField: 'StartDate',
        SortOrder: 'Descending',
        MaxResults: '10',
        ...(token ? { NextToken: token } : {}),
      });

    // Act: a new execution starts after the first page was read.
    const first = page();
    world.oos.startExecution({
      templateName: IMAGE_TEMPLATE,
      parameters: JSON.stringify(imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' })),
    });
    const second = page(first.NextToken as string);

    // Assess: the second page is the five oldest, none of the first page again (an offset would have shifted by one).
    const seen = [...executions(first), ...executions(second)].map((e) => e.ExecutionId);
    assert.deepEqual(
      seen,
      [...recorded].reverse().map((e) => e.executionId),
    );
    assert.equal(second.NextToken ?? '', '');
  });

  it('orders by start whatever order executions were recorded in, equal starts in creation order, on every page and both ways', () => {
    // Prepare: starts recorded out of order, three of them equal, plus a running execution started now.
    const world = createFakeWorld();
    const { groupId, configurationId } = seedGroup(world, 2);
    const now = world.clock.now();
    const offsetsMinutes = [30, 5, 90, 5, 60, 5, 120, 15, 45, 75, 100, 10];
    const recorded = offsetsMinutes.map((minutes) =>
      world.oos.recordFinishedExecution({
        templateName: IMAGE_TEMPLATE,
        status: 'Success',
        parameters: imageInvoke({ groupId, configurationId, imageId: `m-${minutes}`, sourceImageId: 'm-old' }),
        tags: { scaling_group: groupId },
        startMs: now - minutes * 60_000,
        endMs: now - minutes * 60_000 + 1000,
      }),
    );
    const running = world.oos.startExecution({
      templateName: IMAGE_TEMPLATE,
      parameters: JSON.stringify({
        ...imageInvoke({ groupId, configurationId, imageId: 'm-new', sourceImageId: 'm-old' }),
        batchPauseOption: 'FirstBatchPause',
      }),
    }).executionId;
    const all = [
      ...recorded.map((e, created) => ({ id: e.executionId, start: e.startMs, created })),
      { id: running, start: now, created: recorded.length },
    ];
    const expectAscending = [...all].sort((a, b) => a.start - b.start || a.created - b.created).map((e) => e.id);
    const listAll = (order: string) => {
      const seen: string[] = [];
      let token = '';
      do {
        const body = call(world, 'ListExecutions', {
          SortField: 'StartDate',
          SortOrder: order,
          MaxResults: '10',
          ...(token ? { NextToken: token } : {}),
        });
        seen.push(...executions(body).map((e) => e.ExecutionId));
        token = body.NextToken as string;
      } while (token);
      return seen;
    };

    // Act
    const descending = listAll('Descending');
    const ascending = listAll('Ascending');
    const byDefault = executions(call(world, 'ListExecutions', { MaxResults: '10' })).map((e) => e.ExecutionId);
    const named = executions(call(world, 'ListExecutions', { ExecutionId: recorded[3]!.executionId })).map(
      (e) => e.ExecutionId,
    );

    // Assess
    assert.deepEqual(ascending, expectAscending);
    assert.deepEqual(descending, [...expectAscending].reverse());
    assert.deepEqual(byDefault, descending.slice(0, 10));
    assert.deepEqual(named, [recorded[3]!.executionId]);
    assert.deepEqual(executions(call(world, 'ListExecutions', { ExecutionId: 'exec-none' })), []);
  });
});

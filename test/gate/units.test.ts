// The gate's pure parts: the state tag round trip and its size, the trailing
// run, batch counts, which processes a cancel resumes, rollback parameters,
// skipped-instance lists and the signs of an unwatched pause.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processesToResume, preSuspendedOf } from '../../shared/controller/gate/cancel';
import { unwatched } from '../../shared/controller/gate/decide-execution';
import { readPause, totalBatches } from '../../shared/controller/gate/pause';
import { rollbackClientToken, rollbackParameters } from '../../shared/controller/gate/rollback';
import { countedSkips, skippedIds, skippedValue } from '../../shared/controller/gate/skipped';
import {
  decodeGateReason,
  decodeGateState,
  encodeGateReason,
  encodeGateState,
  mustWrite,
  observationsOf,
  stateForPause,
  withObservations,
  type GateState,
} from '../../shared/controller/gate/state';
import type { CloudClients, Execution, TaskExecution } from '../../shared/cloud/index';

const EXEC = 'exec-0123456789abcdef0123';

describe('gate state tag', () => {
  it('round-trips every field within the 128-character tag limit', () => {
    // Prepare
    const state: GateState = {
      executionId: EXEC,
      pause: 'b100',
      phase: 'held',
      seen: 1_900_000_000,
      run: { verdict: 'fail', since: 1_900_000_005, last: 1_900_086_400, count: 999, covered: 86_395 },
      observed: 86_400,
      starvedSince: 1_900_086_000,
      heldSince: 1_900_000_100,
      lastReminder: 1_900_090_000,
      skipped: 42,
    };
    // Act
    const value = encodeGateState(state);
    // Assess
    assert.ok(value.length <= 128, `${value.length} characters`);
    assert.deepEqual(decodeGateState(value), state);
  });

  it('reads an absent or foreign value as no state', () => {
    assert.equal(decodeGateState(undefined), undefined);
    assert.equal(decodeGateState('something else'), undefined);
    assert.equal(decodeGateState('v1/exec-1/b1/unknown-phase/1'), undefined);
  });

  it('reads a v1 value, which knew nothing of observed time, as observed for none', () => {
    const state = decodeGateState('v1/exec-1/b1/bake/1/p2/10/15////');
    assert.deepEqual(state, {
      executionId: 'exec-1',
      pause: 'b1',
      phase: 'bake',
      seen: 1,
      skipped: 0,
      observed: 0,
      run: { verdict: 'pass', count: 2, since: 36, last: 41, covered: 0 },
    });
  });

  it('starts afresh for another pause, keeping the skipped count of the same execution', () => {
    const stored: GateState = { executionId: EXEC, pause: 'x1', phase: 'bake', seen: 10, skipped: 2, observed: 30 };
    assert.equal(stateForPause(stored, EXEC, 'x1', 20), stored);
    assert.deepEqual(stateForPause(stored, EXEC, 'b1', 20), {
      executionId: EXEC,
      pause: 'b1',
      phase: 'bake',
      seen: 20,
      skipped: 2,
      observed: 0,
    });
    assert.equal(stateForPause(stored, 'exec-other', 'b1', 20).skipped, 0);
  });

  it('holds the domain observation log in whole seconds and gives it back', () => {
    const state: GateState = {
      executionId: EXEC,
      pause: 'b1',
      phase: 'bake',
      seen: 10,
      skipped: 0,
      observed: 40,
      run: { verdict: 'pass', since: 100, last: 130, count: 4, covered: 30 },
    };
    const log = observationsOf(state, ['ok']);
    assert.deepEqual(log, {
      observedMs: 40_000,
      run: { verdict: 'pass', sinceMs: 100_000, lastMs: 130_000, count: 4, coveredMs: 30_000 },
      reasons: ['ok'],
    });
    assert.deepEqual(
      withObservations({ ...state, observed: 0 }, log),
      { ...state, reason: 'ok' },
      "the latest answer's reason is kept for the reason tag",
    );
    assert.equal(withObservations(state, { observedMs: 0, reasons: [] }).run, undefined);
  });

  it('keeps the latest reason in a tag value ESS accepts, and only for the same execution and pause', () => {
    const state = { executionId: EXEC, pause: 'b1' };
    const value = encodeGateReason(state, `GET http://10.0.0.5:8080/health answered 503 ${'x'.repeat(200)}`);
    assert.ok(value.length <= 128);
    assert.doesNotMatch(value, /https?:\/\//, 'ESS refuses URLs in tag values');
    assert.match(decodeGateReason(value, state) ?? '', /^GET 10\.0\.0\.5:8080\/health answered 503 x+…$/);
    assert.equal(decodeGateReason(value, { executionId: EXEC, pause: 'b2' }), undefined, 'stale: another pause');
    assert.equal(decodeGateReason(undefined, state), undefined);
  });
});

describe('gate state written when a later turn needs it', () => {
  const written: GateState = {
    executionId: EXEC,
    pause: 'b2',
    phase: 'bake',
    seen: 1000,
    run: { verdict: 'pass', since: 1000, last: 1000, count: 1, covered: 0 },
    observed: 0,
    skipped: 0,
    reason: 'batch: 2 of 2 healthy',
  };
  const reasonTag = encodeGateReason(written, 'batch: 2 of 2 healthy');
  const progressed: GateState = {
    ...written,
    run: { verdict: 'pass', since: 1000, last: 1040, count: 3, covered: 40 },
    observed: 40,
  };

  it('not for the progress of the same run', () => {
    assert.equal(mustWrite(written, progressed, reasonTag), false);
  });

  it('for a new verdict, a new run, another pause or phase, a hold, skips, starvation or another reason', () => {
    const run = progressed.run!;
    const changes: GateState[] = [
      { ...progressed, run: { ...run, verdict: 'fail', since: 1040, count: 1, covered: 0 } },
      { ...progressed, run: { ...run, since: 1040 } },
      { ...progressed, pause: 'b3' },
      { ...progressed, phase: 'held', heldSince: 1040 },
      { ...progressed, skipped: 1 },
      { ...progressed, starvedSince: 1040 },
      { ...progressed, reason: 'batch: 1 of 2 healthy' },
    ];
    for (const next of changes) assert.equal(mustWrite(written, next, reasonTag), true, JSON.stringify(next));
    assert.equal(mustWrite(undefined, progressed, reasonTag), true, 'nothing written yet');
  });
});

describe('gate helpers', () => {
  it('counts batches as Fn::CalculateBatch does', () => {
    assert.equal(totalBatches(10, 100), 10);
    assert.equal(totalBatches(3, 4), 2, '4 items in batches of 2');
    assert.equal(totalBatches(5, 2), 2);
    assert.equal(totalBatches(5, 0), 1);
  });

  it('resumes only processes the rollout suspended and that are still suspended', () => {
    const execution = {
      tags: { 'rollgate:pre-suspended': 'ScheduledAction' },
      parameters: { enterProcess: ['ScaleIn', 'ScaleOut', 'ScheduledAction', 'HealthCheck'] },
    };
    assert.deepEqual(preSuspendedOf(execution), ['ScheduledAction']);
    assert.deepEqual(processesToResume(execution, ['ScaleIn', 'ScaleOut', 'ScheduledAction']), ['ScaleIn', 'ScaleOut']);
    assert.deepEqual(
      processesToResume({ tags: { 'rollgate:pre-suspended': 'none' }, parameters: { enterProcess: '["ScaleIn"]' } }, [
        'ScaleIn',
      ]),
      ['ScaleIn'],
    );
  });

  it('turns the source parameters into a rollback that pauses every batch', () => {
    const source = {
      executionId: EXEC,
      tags: {},
      parameters: {
        invokeType: 'invoke',
        scalingGroupId: 'asg-1',
        imageId: 'm-new',
        sourceImageId: 'm-old',
        batchNumber: 3,
        batchPauseOption: 'EveryBatchPause',
      },
    } as unknown as Execution;
    assert.deepEqual(rollbackParameters(source), {
      ...source.parameters,
      invokeType: 'rollback',
      sourceExecutionId: EXEC,
      batchPauseOption: 'EveryBatchPause',
    });
    assert.equal(rollbackClientToken('asg-1', EXEC), rollbackClientToken('asg-1', EXEC));
    assert.ok(rollbackClientToken('asg-1', EXEC).length <= 64);
  });

  it('rolls a package back to the version the group ran before, or uninstalls it when none is known', () => {
    const pkg = (previous?: string) =>
      ({
        executionId: EXEC,
        tags: previous === undefined ? {} : { 'rollgate:previous-package': previous },
        parameters: { invokeType: 'invoke', packageName: 'agent', packageVersion: '2.0', action: 'install' },
      }) as unknown as Execution;
    const pick = (p: Record<string, unknown>) => [p['action'], p['packageVersion']];
    assert.deepEqual(pick(rollbackParameters(pkg('1.4'))), ['install', '1.4']);
    assert.deepEqual(pick(rollbackParameters(pkg('none'))), ['uninstall', '']);
    assert.deepEqual(pick(rollbackParameters(pkg())), ['uninstall', ''], 'an execution started without the tag');
  });

  it('lists skipped instances per execution within a tag value', () => {
    const value = skippedValue(EXEC, ['i-aaaaaaaaaaaaaaaaaaaa', 'i-bbbbbbbbbbbbbbbbbbbb']);
    assert.deepEqual(skippedIds(value, EXEC), ['i-aaaaaaaaaaaaaaaaaaaa', 'i-bbbbbbbbbbbbbbbbbbbb']);
    assert.deepEqual(skippedIds(value, 'exec-other'), []);
    const many = skippedValue(
      EXEC,
      Array.from({ length: 10 }, (_, i) => `i-${String(i).repeat(20)}`),
    );
    assert.ok(many.length <= 128);
  });

  it('counts an earlier skip once, also when its SkipTask has not happened yet', () => {
    const tag = skippedValue(EXEC, ['i-1', 'i-2']);
    assert.equal(countedSkips({ executionId: EXEC, skipped: 2 }, tag, ['i-3']), 2, 'both skips were earlier');
    assert.equal(
      countedSkips({ executionId: EXEC, skipped: 2 }, tag, ['i-2']),
      1,
      'i-2 is recorded but still failed: counted with the failed ones',
    );
    assert.equal(countedSkips({ executionId: EXEC, skipped: 0 }, skippedValue('exec-other', ['i-2']), ['i-2']), 0);
  });

  it('tells a pause no loop is watching', () => {
    const pause = { kind: 'batch', finishedAt: '2026-03-02T08:00:00Z' };
    const at = (s: number) => Date.parse('2026-03-02T08:00:00Z') + s * 1000;
    assert.equal(unwatched(true, pause, undefined, at(8), 5), false, 'seen within two polls');
    assert.equal(unwatched(true, pause, undefined, at(11), 5), true, 'first seen late');
    assert.equal(unwatched(false, pause, at(40) / 1000, at(50), 5), false, 'checked 10 s ago');
    assert.equal(unwatched(false, pause, at(40) / 1000, at(56), 5), true, 'last check 16 s ago');
    assert.equal(unwatched(true, { kind: 'final', finishedAt: pause.finishedAt }, undefined, at(600), 5), false);
  });
});

describe('gate: pause reading', () => {
  it('counts batches over the instances getInstance found, not over Counters (which count tasks)', async () => {
    // Prepare: 6 instances, batchNumber 3, failure pause in batch 1; Counters.Total = 4 tasks
    const item = (i: number, status: string): TaskExecution =>
      ({
        taskExecutionId: `t-${i}`,
        executionId: EXEC,
        taskName: 'invokeByReplaceImage',
        status,
        loopItem: `i-${i}`,
        loopBatchNumber: 1,
        outputs: {},
        properties: {},
      }) as unknown as TaskExecution;
    const tasks = [
      {
        taskExecutionId: 't-get',
        executionId: EXEC,
        taskName: 'getInstance',
        status: 'Success',
        outputs: { instanceIds: [1, 2, 3, 4, 5, 6].map((i) => ({ InstanceId: `i-${i}` })) },
        properties: {},
      } as unknown as TaskExecution,
      item(1, 'Failed'),
      item(2, 'Success'),
    ];
    const clients = { oos: { listAllTaskExecutions: async () => tasks } } as unknown as CloudClients;
    const execution = {
      executionId: EXEC,
      status: 'Waiting',
      waitingStatus: 'FailurePause',
      statusMessage: '1 instance(s) failed',
      parameters: { batchNumber: 3 },
      counters: { Total: 4 },
      tags: {},
    } as unknown as Execution;

    // Act
    const pause = await readPause(clients, execution);

    // Assess
    assert.equal(pause?.kind, 'failure');
    assert.equal(pause?.total, 3, 'Fn::CalculateBatch(3, 6 instances), not (3, 4 tasks)');
  });
});

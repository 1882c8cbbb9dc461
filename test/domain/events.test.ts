import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_TYPES, eventId, makeEvent, parseEvent } from '../../shared/domain/index';

describe('rollgate events', () => {
  it('has the closed set of notification types', () => {
    assert.deepEqual([...EVENT_TYPES].sort(), [
      'batch.failed',
      'batch.passed',
      'batch.paused',
      'campaign.completed',
      'campaign.started',
      'campaign.stopped',
      'drift.detected',
      'drift.failed',
      'drift.repair_started',
      'drift.repaired',
      'gate.misconfigured',
      'gate.starved',
      'revision.rejected',
      'rollout.cancelled',
      'rollout.failed',
      'rollout.frozen',
      'rollout.held',
      'rollout.hold_reminder',
      'rollout.rolled_back',
      'rollout.started',
      'rollout.succeeded',
      'rollout.window_closed',
      'scaling.error_during_rollout',
    ]);
  });

  it('gives the same fact the same id whenever it is reported', () => {
    // Prepare
    const fact = {
      type: 'batch.passed' as const,
      groupId: 'asg-1',
      executionId: 'exec-1',
      campaignId: 'camp-1',
      revision: 'm-new',
      message: 'batch 1/3 passed',
      detail: { batch: 1 },
    };
    // Act
    const first = makeEvent({ ...fact, at: '2026-03-02T03:00:00Z' });
    const later = makeEvent({ ...fact, at: '2026-03-02T03:05:00Z', message: 'reported again' });
    // Assess
    assert.equal(first.id, later.id);
    assert.match(first.id, /^evt-[0-9a-f]{24}$/);
  });

  it('gives different batches and different executions different ids', () => {
    const base = {
      type: 'batch.passed' as const,
      groupId: 'asg-1',
      executionId: 'exec-1',
      at: '2026-03-02T03:00:00Z',
      message: '',
    };
    assert.notEqual(eventId({ ...base, detail: { batch: 1 } }), eventId({ ...base, detail: { batch: 2 } }));
    assert.notEqual(
      eventId({ ...base, detail: { batch: 1 } }),
      eventId({ ...base, executionId: 'exec-2', detail: { batch: 1 } }),
    );
  });

  it('counts each hold reminder as its own fact', () => {
    const base = {
      type: 'rollout.hold_reminder' as const,
      groupId: 'asg-1',
      executionId: 'exec-1',
      message: 'still held',
    };
    assert.notEqual(eventId({ ...base, at: '2026-03-02T03:00:00Z' }), eventId({ ...base, at: '2026-03-02T04:00:00Z' }));
  });

  it('parses a valid event and refuses an unknown type or unknown key', () => {
    const event = makeEvent({
      type: 'rollout.started',
      at: '2026-03-02T03:00:00Z',
      groupId: 'asg-1',
      executionId: 'exec-1',
      message: 'started',
    });
    assert.deepEqual(parseEvent(JSON.parse(JSON.stringify(event))), event);
    assert.throws(() => parseEvent({ ...event, type: 'rollout.exploded' }));
    assert.throws(() => parseEvent({ ...event, extra: 1 }));
    assert.throws(() => parseEvent({ ...event, at: 'yesterday' }));
  });
});

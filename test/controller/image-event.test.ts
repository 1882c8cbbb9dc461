import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handleImageEvent } from '../../shared/controller/image-event';
import { EVENTS_TOPIC, groupIdByName, publishImage, rollingExecutions, localControllerPerTest } from './local-deps';

function stateChange(imageId: string, currentState = 'Available'): string {
  return JSON.stringify({
    id: 'evt-1',
    product: 'ECS',
    resourceId: `acs:ecs:cn-hangzhou:1234567890123456:image/${imageId}`,
    level: 'INFO',
    name: 'Image:StateChange',
    userId: '1234567890123456',
    eventTime: '20260302T160101.922+0800',
    regionId: 'cn-hangzhou',
    content: { imageId, currentState },
  });
}

describe('image events', () => {
  const controller = localControllerPerTest();

  it('starts the canary rollout for an Available image of a selected family', async () => {
    // Prepare
    const imageId = publishImage(controller(), 'app-base-2026.03.01');
    // Act
    const outcome = await handleImageEvent(controller().deps, stateChange(imageId));
    // Assess
    assert.equal(outcome.kind, 'done');
    assert.deepEqual(outcome.kind === 'done' && outcome.summary['targets'], ['app']);
    assert.equal(outcome.kind === 'done' && outcome.summary['started'], 1);
    const executions = await rollingExecutions(controller());
    assert.deepEqual(
      executions.map((e) => e.tags['scaling_group']),
      [groupIdByName(controller(), 'web-canary')],
    );
    const published = controller()
      .cloud.world()
      .mns.history(EVENTS_TOPIC)
      .map((m) => JSON.parse(m.body) as { type: string; executionId?: string; revision?: string });
    const started = published.filter((e) => e.type === 'rollout.started');
    assert.deepEqual(
      started.map((e) => [e.executionId, e.revision]),
      [[executions[0]?.executionId, imageId]],
    );
  });

  it('starts the gate function as soon as the rollout starts, and not for an event that starts nothing', async () => {
    // Prepare
    const kicks: string[] = [];
    controller()
      .cloud.world()
      .fc.register('rollgate-gate', async (event) => {
        kicks.push(event.toString('utf8'));
        return 'ok';
      });
    const deps = { ...controller().deps, gateFunction: 'rollgate-gate' };
    const imageId = publishImage(controller(), 'app-base-2026.03.01');
    // Act
    const first = await handleImageEvent(deps, stateChange(imageId));
    await controller().cloud.world().fc.idle();
    const repeated = await handleImageEvent(deps, stateChange(imageId));
    await controller().cloud.world().fc.idle();
    // Assess
    assert.equal(first.kind === 'done' && first.summary['started'], 1);
    assert.equal(repeated.kind === 'done' && repeated.summary['started'], 0);
    assert.equal(kicks.length, 1);
    assert.match(kicks[0] ?? '', /rollout started: exec-/);
  });

  it('starts no extra rollout for the same event twice, or for an older image delivered after it', async () => {
    // Prepare
    const older = publishImage(controller(), 'app-base-2026.02.01', 24 * 3600 * 1000);
    const newer = publishImage(controller(), 'app-base-2026.03.01');
    // Act
    await handleImageEvent(controller().deps, stateChange(newer));
    const repeated = await handleImageEvent(controller().deps, stateChange(newer));
    const reordered = await handleImageEvent(controller().deps, JSON.stringify({ imageId: older }));
    // Assess
    assert.equal(repeated.kind === 'done' && repeated.summary['started'], 0);
    assert.equal(reordered.kind === 'done' && reordered.summary['started'], 0);
    const executions = await rollingExecutions(controller());
    assert.equal(executions.length, 1);
    assert.equal(
      executions[0]?.parameters['imageId'],
      newer,
      'the rollout goes to the newest image, whatever order events come in',
    );
  });

  it('ignores an image that is not Available yet and one no target selects', async () => {
    // Prepare
    const batchImage = controller().cloud.world().ecs.images.create({
      imageName: 'batch-base-2026.03.01',
      imageFamily: 'batch-base',
      tags: {},
      available: true,
      bootsUnhealthy: false,
    });
    // Act
    const creating = await handleImageEvent(controller().deps, stateChange(batchImage.imageId, 'Creating'));
    const unselected = await handleImageEvent(controller().deps, stateChange(batchImage.imageId));
    // Assess
    assert.deepEqual(creating, { kind: 'done', summary: { imageId: batchImage.imageId, ignored: 'state Creating' } });
    assert.deepEqual(unselected, { kind: 'done', summary: { imageId: batchImage.imageId, targets: [] } });
    assert.equal((await rollingExecutions(controller())).length, 0);
  });

  it('acknowledges bad input as terminal: not JSON, an unknown shape, an image that does not exist', async () => {
    // Act
    const notJson = await handleImageEvent(controller().deps, 'image m-123 is ready');
    const unknownShape = await handleImageEvent(
      controller().deps,
      JSON.stringify({ name: 'Instance:StateChange', content: {} }),
    );
    const missing = await handleImageEvent(controller().deps, JSON.stringify({ imageId: 'm-doesnotexist000000' }));
    // Assess
    assert.equal(notJson.kind, 'terminal');
    assert.match(notJson.kind === 'terminal' ? notJson.error.message : '', /not JSON/);
    assert.equal(unknownShape.kind, 'terminal');
    assert.equal(missing.kind, 'terminal');
    assert.match(missing.kind === 'terminal' ? missing.error.message : '', /m-doesnotexist000000 does not exist/);
  });
});

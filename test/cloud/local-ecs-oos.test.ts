// ECS and OOS operations round-trip against the local cloud (V3 signatures checked).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningLocalCloud } from '../../local/cloud/index';
import { clientsFor, seed, startLocalCloud, type ClientsUnderTest, type SeededFleet } from './helpers/local-cloud';

const TEMPLATE = 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup';

describe('ECS 2014-05-26 against the local cloud', () => {
  let lc: RunningLocalCloud;
  let fleet: SeededFleet;
  let c: ClientsUnderTest;

  before(async () => {
    lc = await startLocalCloud();
    fleet = await seed(lc, {
      images: [
        { name: 'web-v1', family: 'web', ageDays: 2, tags: { team: 'web' } },
        { name: 'web-v2', family: 'web', ageDays: 1 },
        { name: 'db-v1', family: 'db' },
      ],
      groups: [{ name: 'web', instances: 2, imageName: 'web-v1' }],
    });
    c = clientsFor(lc);
  });
  after(async () => {
    await lc.close();
  });

  it('describes images by family, id and tag', async () => {
    // Act
    const family = await c.cloud.ecs.listAllImages({ imageFamily: 'web' });
    const byId = await c.cloud.ecs.describeImages({ imageIds: [fleet.images['db-v1'] ?? ''] });
    const byTag = await c.cloud.ecs.listAllImages({ tags: { team: 'web' } });
    // Assess
    assert.deepEqual(family.map((i) => i.imageName).sort(), ['web-v1', 'web-v2']);
    assert.ok(family.every((i) => i.status === 'Available' && i.imageFamily === 'web'));
    assert.equal(byId.images[0]?.imageId, fleet.images['db-v1']);
    assert.deepEqual(
      byTag.map((i) => [i.imageName, i.tags]),
      [['web-v1', { team: 'web' }]],
    );
  });

  it('tags an image and an instance', async () => {
    // Prepare
    const imageId = fleet.images['web-v2'] ?? '';
    const instanceId = fleet.groups['web']?.instanceIds[1] ?? '';
    // Act
    const tagged = await c.cloud.ecs.tagResources({
      resourceType: 'image',
      resourceIds: [imageId],
      tags: { 'rollgate:rejected': 'true' },
    });
    await c.cloud.ecs.tagResources({
      resourceType: 'instance',
      resourceIds: [instanceId],
      tags: { 'ess:rollingupdate': 'oos:exec-1' },
    });
    const [image] = (await c.cloud.ecs.describeImages({ imageIds: [imageId] })).images;
    const [instance] = await c.cloud.ecs.listAllInstances({ instanceIds: [instanceId] });
    // Assess
    assert.match(tagged.requestId, /\S/);
    assert.equal(image?.tags['rollgate:rejected'], 'true');
    assert.equal(instance?.tags['ess:rollingupdate'], 'oos:exec-1');
  });

  it('describes instances with their private address', async () => {
    // Prepare
    const ids = fleet.groups['web']?.instanceIds ?? [];
    // Act
    const instances = await c.cloud.ecs.listAllInstances({ instanceIds: ids });
    // Assess
    assert.deepEqual(instances.map((i) => i.instanceId).sort(), [...ids].sort());
    assert.ok(instances.every((i) => i.status === 'Running' && i.imageId === fleet.images['web-v1']));
    assert.ok(instances.every((i) => /^127\.\d+\.\d+\.\d+$/.test(i.privateIpAddress ?? '')));
  });

  it('runs a command and reads its invocation and results', async () => {
    // Prepare
    const instanceId = fleet.groups['web']?.instanceIds[0] ?? '';
    // Act
    const run = await c.cloud.ecs.runCommand({
      instanceIds: [instanceId],
      commandContent: 'echo ok',
      type: 'RunShellScript',
      name: 'probe',
    });
    lc.clock.advance(120);
    const invocations = await c.cloud.ecs.describeInvocations({ invokeId: run.invokeId, includeOutput: true });
    const results = await c.cloud.ecs.describeInvocationResults({ invokeId: run.invokeId });
    // Assess
    assert.match(run.invokeId, /\S/);
    const invocation = invocations.invocations[0];
    assert.equal(invocation?.invokeId, run.invokeId);
    assert.deepEqual(
      invocation?.invokeInstances.map((i) => i.instanceId),
      [instanceId],
    );
    assert.equal(results.invocationResults[0]?.instanceId, instanceId);
    assert.equal(results.invocationResults[0]?.exitCode, 0);
    assert.equal(results.invocationResults[0]?.invocationStatus, 'Success');
  });
});

describe('OOS 2019-06-01 against the local cloud', () => {
  let lc: RunningLocalCloud;
  let fleet: SeededFleet;
  let c: ClientsUnderTest;

  before(async () => {
    lc = await startLocalCloud();
    fleet = await seed(lc, {
      images: [
        { name: 'web-v1', family: 'web', ageDays: 2 },
        { name: 'web-v2', family: 'web', ageDays: 1 },
      ],
      groups: [
        { name: 'web', instances: 4, imageName: 'web-v1' },
        { name: 'notes', instances: 1, imageName: 'web-v1' },
      ],
    });
    c = clientsFor(lc);
  });
  after(async () => {
    await lc.close();
  });

  /** ESS allows one rolling update per group at a time: each test uses its own group. */
  function rolloutParameters(groupName = 'web') {
    const web = fleet.groups[groupName];
    assert.ok(web);
    return {
      invokeType: 'invoke',
      scalingGroupId: web.scalingGroupId,
      imageId: fleet.images['web-v2'] ?? '',
      scalingConfigurationId: web.scalingConfigurationId,
      batchPauseOption: 'EveryBatchPause',
      batchNumber: 2,
    };
  }

  it('starts a rolling update, lists it by tag, approves its batch pause and cancels it', async () => {
    // Prepare
    const parameters = rolloutParameters();
    const tags = { scaling_group: parameters.scalingGroupId, 'rollgate:kind': 'image' };
    // Act
    const started = await c.cloud.oos.startExecution({
      templateName: TEMPLATE,
      parameters,
      tags,
      clientToken: 'rollout-1',
      description: 'roll web to v2',
    });
    lc.clock.advance(900);
    const listed = await c.cloud.oos.listAllExecutions({ tags: { scaling_group: parameters.scalingGroupId } });
    const tasks = await c.cloud.oos.listAllTaskExecutions({ executionId: started.executionId });
    const approved = await c.cloud.oos.notifyExecution({ executionId: started.executionId, notifyType: 'Approve' });
    const cancelled = await c.cloud.oos.cancelExecution({ executionId: started.executionId });
    const after = (await c.cloud.oos.listExecutions({ executionId: started.executionId })).executions[0];
    // Assess
    assert.match(started.executionId, /^exec-/);
    assert.equal(started.templateName, TEMPLATE);
    assert.equal(started.parameters['scalingGroupId'], parameters.scalingGroupId);
    assert.equal(started.parameters['batchNumber'], 2);
    const found = listed.find((e) => e.executionId === started.executionId);
    assert.ok(found, 'execution listed by its scaling_group tag');
    assert.equal(found.status, 'Waiting');
    assert.deepEqual(found.tags, tags);
    assert.equal(found.parameters['imageId'], parameters.imageId);
    assert.ok(tasks.length > 0);
    assert.ok(tasks.every((t) => t.executionId === started.executionId && t.taskName.length > 0));
    assert.match(approved.requestId, /\S/);
    assert.match(cancelled.requestId, /\S/);
    assert.ok(
      after !== undefined && ['Cancelled', 'Failed'].includes(after.status),
      `status after cancel: ${after?.status}`,
    );
  });

  it('carries reserved and non-ASCII characters through the signed query', async () => {
    // Prepare
    const description = "滚动更新 web (canary) *!~ 'a+b=c&d' 100%";
    const parameters = { ...rolloutParameters('notes'), batchPauseOption: 'Automatic' };
    // Act
    const started = await c.cloud.oos.startExecution({
      templateName: TEMPLATE,
      parameters,
      description,
      tags: { 'rollgate:campaign': 'c/1 (x)' },
    });
    const [listed] = await c.cloud.oos.listAllExecutions({ executionId: started.executionId });
    // Assess
    assert.equal(listed?.description, description);
    assert.deepEqual(listed?.tags, { 'rollgate:campaign': 'c/1 (x)' });
  });

  it('returns the same execution for a repeated client token', async () => {
    // Prepare
    const parameters = { ...rolloutParameters(), batchPauseOption: 'Automatic' };
    // Act
    const first = await c.cloud.oos.startExecution({ templateName: TEMPLATE, parameters, clientToken: 'same-token' });
    const second = await c.cloud.oos.startExecution({ templateName: TEMPLATE, parameters, clientToken: 'same-token' });
    // Assess
    assert.equal(second.executionId, first.executionId);
  });
});

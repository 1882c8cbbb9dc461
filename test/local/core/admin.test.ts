// The admin API (/_local/…) and the demo fleet it seeds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCloud, type RunningLocalCloud } from '../../../local/cloud/index';
import { DEMO_EVENTS_TOPIC } from '../../../local/cloud/seed/demo';

async function call(
  cloud: RunningLocalCloud,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${cloud.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('admin API', () => {
  let cloud: RunningLocalCloud;
  before(async () => {
    cloud = await startLocalCloud({ startTimeMs: Date.parse('2024-06-01T00:00:00Z') });
  });
  after(async () => {
    await cloud.close();
  });

  it("seeds the demo fleet: four groups InService on their family's current image, events to one topic", async () => {
    // Act
    const seeded = await call(cloud, 'POST', '/_local/seed', 'demo');
    const state = await call(cloud, 'GET', '/_local/state');

    // Assess
    assert.equal(seeded.status, 200);
    const world = (state.json['worlds'] as Array<Record<string, unknown>>)[0]!;
    const groups = world['groups'] as Array<{
      name: string;
      tags: Record<string, string>;
      imageId: string;
      instances: Array<{ lifecycle: string; imageId: string; health: string }>;
      notifications: string[];
    }>;
    const images = world['images'] as Array<{ imageId: string; name: string }>;
    const imageName = (id: string) => images.find((i) => i.imageId === id)?.name;
    assert.deepEqual(
      groups.map((g) => [
        g.name,
        g.instances.length,
        imageName(g.imageId),
        g.tags['rollgate:managed'] ?? null,
        g.tags['rollgate:wave'] ?? null,
      ]),
      [
        ['web-canary', 2, 'app-base-2024.11.01', 'true', 'canary'],
        ['web-prod', 6, 'app-base-2024.11.01', 'true', 'prod'],
        ['api-prod', 4, 'app-base-2024.11.01', 'true', 'prod'],
        ['batch-legacy', 3, 'batch-base-2024.09.15', null, null],
      ],
    );
    for (const group of groups) {
      assert.ok(
        group.instances.every(
          (i) => i.lifecycle === 'InService' && i.health === 'Healthy' && i.imageId === group.imageId,
        ),
      );
      assert.deepEqual(group.notifications, [
        `acs:mns:${cloud.regionId}:${cloud.accountId}:topic/${DEMO_EVENTS_TOPIC}`,
      ]);
    }
    assert.equal(images.length, 3);
  });

  it('answers a fleet that names no image of its own with 400 and the reason', async () => {
    // Act
    const bad = await call(cloud, 'POST', '/_local/seed', {
      groups: [{ name: 'orphan', instances: 1, imageFamily: 'nowhere' }],
    });
    const again = await call(cloud, 'POST', '/_local/seed', 'demo');

    // Assess
    assert.equal(bad.status, 400);
    assert.match(String(bad.json['error']), /group "orphan" names no image/);
    assert.equal(again.status, 400, 'the demo fleet exists already');
    assert.match(String(again.json['error']), /InvalidImageName.Duplicated/);
  });

  it('creates an image that becomes Available after its build time, or at once', async () => {
    // Act
    const slow = await call(cloud, 'POST', '/_local/images', {
      name: 'app-base-2024.12.01',
      family: 'app-base',
      buildSeconds: 30,
    });
    const fast = await call(cloud, 'POST', '/_local/images', {
      name: 'broken',
      family: 'app-base',
      available: true,
      unhealthy: true,
    });
    const before = cloud.world().ecs.getImage(String(slow.json['imageId']))?.status;
    const advanced = await call(cloud, 'POST', '/_local/clock/advance', { seconds: 30 });
    const after = cloud.world().ecs.getImage(String(slow.json['imageId']))?.status;

    // Assess
    assert.equal(slow.json['status'], 'Creating');
    assert.equal(fast.json['status'], 'Available');
    assert.deepEqual([before, after], ['Creating', 'Available']);
    assert.equal(advanced.json['iso'], '2024-06-01T00:00:30Z');
  });

  it('shows one instance with its image, health and commands, and 404 for an unknown one', async () => {
    // Prepare
    const [instance] = cloud.world().ecs.listInstances();
    cloud.world().ecs.runCommand({ instanceIds: [instance!.instanceId], content: 'echo ok', type: 'RunShellScript' });
    cloud.clock.advance(10);

    // Act
    const shown = await call(cloud, 'GET', `/_local/instances/${instance!.instanceId}`);
    const missing = await call(cloud, 'GET', '/_local/instances/i-nope');

    // Assess
    assert.equal(shown.json['imageId'], instance!.imageId);
    assert.equal(shown.json['healthy'], true);
    assert.deepEqual(
      (shown.json['commandsRun'] as Array<{ content: string }>).map((c) => c.content),
      ['echo ok'],
    );
    assert.equal((shown.json['scaling'] as { lifecycleState: string }).lifecycleState, 'InService');
    assert.equal(missing.status, 404);
  });

  it('sets and clears faults, and rejects a malformed body naming the field', async () => {
    // Act
    const set = await call(cloud, 'POST', '/_local/faults', {
      rules: [{ product: 'ess', throttleShare: 0.5 }],
      unhealthyImages: ['m-x'],
    });
    const bad = await call(cloud, 'POST', '/_local/faults', { rules: [{ throttleShare: 2 }] });
    const cleared = await call(cloud, 'DELETE', '/_local/faults');

    // Assess
    assert.deepEqual((set.json['rules'] as unknown[]).length, 1);
    assert.deepEqual(set.json['unhealthyImages'], ['m-x']);
    assert.equal(bad.status, 400);
    assert.match(String(bad.json['error']), /rules\.0\.throttleShare/);
    assert.deepEqual(cleared.json['rules'], []);
  });

  it('resets every world', async () => {
    // Act
    const reset = await call(cloud, 'POST', '/_local/reset');
    const state = await call(cloud, 'GET', '/_local/state');

    // Assess
    assert.equal(reset.status, 200);
    assert.deepEqual(state.json['worlds'], []);
    assert.equal((await call(cloud, 'GET', '/_local/clock')).json['pendingTasks'], 0);
  });
});

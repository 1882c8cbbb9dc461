// The webhook handler on a local cloud, in process: authentication (signed,
// unsigned, expired, tampered, replayed, oversized, rotated secret), errors
// with the field at fault, and operator flows driven through it turn by turn
// with the gate — a pinned rollout gated to the end, approve of a held
// rollout, pause then resume, abort with cleanup.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../shared/log';
import { createWebhook, type HttpResult, type Webhook } from '../../shared/webhook/handler';
import { startGateCloud, type GateCloud } from '../gate/gate-cloud';
import { httpEvent, PREVIOUS_SECRET, SECRET, type CallOptions } from './webhook-client';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

function client(
  gc: GateCloud,
  webhook: Webhook = createWebhook({
    secrets: [SECRET, PREVIOUS_SECRET],
    nowSeconds: () => Math.floor(Date.now() / 1000),
    log: createLogger('webhook-test', 'silent'),
  }),
) {
  return async (method: string, path: string, options: CallOptions = {}): Promise<Answer> => {
    const result: HttpResult = await webhook(httpEvent(method, path, options), async () => gc.deps);
    return { status: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> };
  };
}

function newImage(gc: GateCloud, name: string, unhealthy = false): string {
  // Family `pinned`: the policy's own source (family app) never selects it, so only the pin rolls it.
  return gc.cloud
    .world()
    .ecs.images.create({ imageName: name, imageFamily: 'pinned', tags: {}, available: true, bootsUnhealthy: unhealthy })
    .imageId;
}

/** Status of the group's newest execution (the list is oldest first). */
const statusOf = (gc: GateCloud, group: string) => gc.executions(group).at(-1)?.status;

describe('webhook: authentication and bad input', () => {
  let gc: GateCloud;
  let call: ReturnType<typeof client>;
  before(async () => {
    gc = await startGateCloud();
    call = client(gc);
  });
  after(() => gc.close());

  it('answers a signed GET /v1/groups with every managed group', async () => {
    const answer = await call('GET', '/v1/groups');
    assert.equal(answer.status, 200);
    const names = (answer.body['groups'] as Array<{ name: string }>).map((g) => g.name).sort();
    assert.deepEqual(names, ['web-canary', 'web-prod']);
  });

  it('accepts the previous secret during a rotation, and a path prefix before /v1/', async () => {
    assert.equal((await call('GET', '/rollgate/v1/groups', { secret: PREVIOUS_SECRET })).status, 200);
  });

  it('refuses unsigned, expired, tampered and wrongly keyed requests with 401 and nothing about groups', async () => {
    const canary = gc.groups['web-canary']!.scalingGroupId;
    const cases: Array<[string, Answer]> = [
      ['unsigned', await call('GET', '/v1/groups', { sign: false })],
      ['expired', await call('GET', '/v1/groups', { at: Date.now() / 1000 - 301 })],
      ['future', await call('GET', '/v1/groups', { at: Date.now() / 1000 + 301 })],
      ['tampered', await call('POST', `/v1/groups/${canary}/pause`, { body: { reason: 'x' }, tamper: true })],
      ['other secret', await call('GET', '/v1/groups', { secret: 'not-the-secret-0123456789' })],
      ['no route, unsigned', await call('GET', '/v1/nothing', { sign: false })],
    ];
    for (const [name, answer] of cases) {
      assert.equal(answer.status, 401, name);
      assert.equal(answer.body['code'], 'unauthenticated', name);
      assert.ok(typeof answer.body['hint'] === 'string', name);
      assert.ok(!JSON.stringify(answer.body).includes('web-'), `${name}: no group named`);
    }
    assert.equal(
      gc.cloud.world().ess.getGroup(canary).tags?.['rollgate:paused'] ?? 'absent',
      'absent',
      'the tampered pause did nothing',
    );
  });

  it('refuses a replayed write with 409 and applies it once', async () => {
    const canary = gc.groups['web-canary']!.scalingGroupId;
    const at = Math.floor(Date.now() / 1000);
    const first = await call('POST', `/v1/groups/${canary}/pause`, { body: { reason: 'replay test' }, at });
    const replay = await call('POST', `/v1/groups/${canary}/pause`, { body: { reason: 'replay test' }, at });
    const again = await call('POST', `/v1/groups/${canary}/pause`, { body: { reason: 'replay test' } });
    assert.equal(first.status, 200);
    assert.equal(first.body['result'], 'done');
    assert.equal(replay.status, 409);
    assert.equal(replay.body['code'], 'replayed');
    assert.equal(again.body['result'], 'unchanged', 'the same request signed anew has no second effect');
    assert.equal(
      (await call('POST', `/v1/groups/${canary}/resume`, { body: { reason: 'undo' } })).body['result'],
      'done',
    );
  });

  it('refuses an oversized body with 413', async () => {
    const answer = await call('POST', '/v1/rollouts', { raw: JSON.stringify({ reason: 'x'.repeat(70_000) }) });
    assert.equal(answer.status, 413);
    assert.equal(answer.body['code'], 'too-large');
  });

  it('names the field at fault in a 400, and the route in a 404', async () => {
    const notJson = await call('POST', '/v1/rollouts', { raw: '{"kind":' });
    assert.equal(notJson.status, 400);
    const unknownField = await call('POST', '/v1/rollouts', {
      body: { groups: ['web-canary'], kind: 'image', revision: 'm-1', reason: 'r', colour: 'red' },
    });
    assert.equal(unknownField.status, 400);
    assert.equal(unknownField.body['field'], 'colour');
    const badKind = await call('POST', '/v1/rollouts', {
      body: { groups: ['web-canary'], kind: 'disk', revision: 'm-1', reason: 'r' },
    });
    assert.equal(badKind.body['field'], 'kind');
    assert.match(String(badKind.body['hint']), /image, script, package/);
    const badAt = await call('GET', '/v1/plan', { query: { at: 'tomorrow' } });
    assert.equal(badAt.status, 400);
    assert.equal(badAt.body['field'], 'at');
    const noRoute = await call('GET', '/v1/nothing');
    assert.equal(noRoute.status, 404);
    const noGroup = await call('GET', '/v1/groups/asg-does-not-exist');
    assert.equal(noGroup.status, 404);
    assert.equal(noGroup.body['code'], 'not-found');
    const wrongMethod = await call('GET', '/v1/rollouts');
    assert.equal(wrongMethod.status, 405);
    for (const a of [notJson, unknownField, badKind, badAt, noRoute, noGroup, wrongMethod]) {
      assert.deepEqual(
        Object.keys(a.body).filter((k) => !['code', 'message', 'field', 'hint'].includes(k)),
        [],
      );
      assert.ok(!JSON.stringify(a.body).includes('    at '), 'no stack trace');
    }
  });

  it('refuses with 422 a revision that does not exist, and answers plan and events', async () => {
    const missing = await call('POST', '/v1/rollouts', {
      body: { groups: ['web-canary'], kind: 'script', revision: 'v9', reason: 'r' },
    });
    assert.equal(missing.status, 422);
    const plan = await call('GET', '/v1/plan', { query: { at: '2026-03-02T09:00:00Z' } });
    assert.equal(plan.status, 200);
    assert.equal(plan.body['at'], '2026-03-02T09:00:00.000Z');
    assert.equal((plan.body['groups'] as unknown[]).length, 2);
    const events = await call('GET', '/v1/events', { query: { type: 'rollout.started' } });
    assert.equal(events.status, 200);
    assert.deepEqual(events.body['events'], []);
    assert.equal((await call('GET', '/v1/events', { query: { type: 'nope' } })).body['field'], 'type');
  });

  it('freezes and unfreezes the account, unchanged the second time, shown by GET /v1/groups', async () => {
    const now = Math.floor(Date.now() / 1000);
    const first = await call('POST', '/v1/freeze', { body: { reason: 'incident 42' }, at: now });
    const second = await call('POST', '/v1/freeze', { body: { reason: 'incident 42' }, at: now - 1 });
    const shown = await call('GET', '/v1/groups');
    const noReason = await call('POST', '/v1/freeze', { body: {}, at: now - 2 });
    const lifted = await call('POST', '/v1/unfreeze', { at: now - 3 });
    const after = await call('GET', '/v1/groups', { at: now - 4 });
    assert.deepEqual([first.status, first.body['result']], [200, 'updated']);
    assert.deepEqual([second.status, second.body['result']], [200, 'unchanged']);
    assert.deepEqual((shown.body['freeze'] as Record<string, unknown>)['reason'], 'incident 42');
    const plans = (shown.body['groups'] as Array<{ kinds: Array<{ decision: { reason: string } }> }>).flatMap((g) =>
      g.kinds.map((k) => k.decision.reason),
    );
    assert.ok(plans.length > 0 && plans.every((r) => r === 'frozen'), plans.join(', '));
    assert.deepEqual([noReason.status, noReason.body['field']], [400, 'reason']);
    assert.deepEqual([lifted.status, lifted.body['result']], [200, 'updated']);
    assert.equal(after.body['freeze'], undefined);
  });

  it('limits the rate per address with 429', async () => {
    const limited = client(
      gc,
      createWebhook({
        secrets: [SECRET],
        nowSeconds: () => 1_000_000,
        log: createLogger('webhook-test', 'silent'),
        rateLimit: { burst: 2, perSecond: 0.01 },
      }),
    );
    const at = 1_000_000;
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push((await limited('GET', '/v1/nothing', { at, sourceIp: '10.0.0.9' })).status);
    assert.deepEqual(answers, [404, 404, 429]);
    assert.equal(
      (await limited('GET', '/v1/nothing', { at, sourceIp: '10.0.0.10' })).status,
      404,
      'another address has its own bucket',
    );
  });
});

describe('webhook: a pinned rollout runs gated to the end', () => {
  let gc: GateCloud;
  let call: ReturnType<typeof client>;
  let image: string;
  let first: Answer;
  let second: Answer;
  before(async () => {
    gc = await startGateCloud();
    call = client(gc);
    image = newImage(gc, 'app-pinned');
    first = await call('POST', '/v1/rollouts', {
      body: { groups: ['web-canary'], kind: 'image', revision: image, reason: 'release 42' },
    });
    second = await call('POST', '/v1/rollouts', {
      body: { groups: ['web-canary'], kind: 'image', revision: image, reason: 'release 42' },
    });
  });
  after(() => gc.close());

  it('writes the desired tag, starts now, and says unchanged the second time', () => {
    assert.equal(first.status, 200);
    assert.equal(first.body['result'], 'updated');
    const [group] = first.body['groups'] as Array<Record<string, unknown>>;
    assert.equal(group?.['fate'], 'started');
    assert.equal(group?.['tag'], 'updated');
    assert.match(String(group?.['executionId']), /^exec-/);
    assert.equal(second.body['result'], 'unchanged');
    assert.equal((second.body['groups'] as Array<Record<string, unknown>>)[0]?.['fate'], 'running');
    assert.equal(
      gc.cloud.world().ess.getGroup(gc.groups['web-canary']!.scalingGroupId).tags?.['rollgate:desired-image'],
      image,
    );
    assert.equal(gc.executions('web-canary').length, 1);
  });

  it('refuses another revision while it runs with 409', async () => {
    const other = newImage(gc, 'app-other');
    const answer = await call('POST', '/v1/rollouts', {
      body: { groups: ['web-canary'], kind: 'image', revision: other, reason: 'too soon' },
    });
    assert.equal(answer.status, 409);
    assert.equal(answer.body['code'], 'conflict');
  });

  it('shows the rollout in status while it runs, and the image in place after the gate passed every batch', async () => {
    const canary = gc.groups['web-canary']!.scalingGroupId;
    await gc.gateUntil(() => statusOf(gc, 'web-canary') === 'Waiting', 600);
    const paused = await call('GET', `/v1/groups/${canary}`);
    const rollout = (paused.body['group'] as Record<string, Record<string, unknown>>)['rollout'];
    assert.equal(rollout?.['executionId'], gc.executions('web-canary')[0]?.executionId);
    assert.deepEqual(rollout?.['batch'], { index: 1, total: 2 });
    assert.equal((rollout?.['instances'] as Record<string, number>)['total'], 2);
    await gc.gateUntil(() => gc.events().some((e) => e.type === 'rollout.succeeded'), 3600);
    assert.equal(statusOf(gc, 'web-canary'), 'Success');
    const done = await call('GET', `/v1/groups/web-canary`);
    const kinds = (done.body['group'] as Record<string, Array<Record<string, unknown>>>)['kinds'];
    assert.equal(kinds?.[0]?.['current'], image);
    assert.equal(kinds?.[0]?.['desired'], image);
    const events = await call('GET', '/v1/events', { query: { group: 'web-canary' } });
    assert.deepEqual(
      (events.body['events'] as Array<{ type: string }>).map((e) => e.type),
      ['rollout.succeeded', 'rollout.started'],
    );
  });
});

describe('webhook: approve of a held rollout', () => {
  let gc: GateCloud;
  let call: ReturnType<typeof client>;
  before(async () => {
    gc = await startGateCloud({ rollout: { onFailure: 'hold' } });
    call = client(gc);
    const broken = newImage(gc, 'app-broken', true);
    await call('POST', '/v1/rollouts', {
      body: { groups: ['web-canary'], kind: 'image', revision: broken, reason: 'try it' },
    });
    await gc.gateUntil(() => gc.events().some((e) => e.type === 'rollout.held'), 3600);
  });
  after(() => gc.close());

  it('shows the hold, approves it once, and the rollout goes on to the next batch', async () => {
    const held = await call('GET', '/v1/groups/web-canary');
    assert.equal((held.body['group'] as Record<string, Record<string, unknown>>)['rollout']?.['phase'], 'held');
    const approved = await call('POST', '/v1/groups/web-canary/approve', { body: { reason: 'known flaky probe' } });
    assert.equal(approved.status, 200);
    assert.equal(approved.body['result'], 'done');
    const again = await call('POST', '/v1/groups/web-canary/approve', { body: { reason: 'known flaky probe' } });
    assert.equal(again.body['result'], 'unchanged');
    gc.cloud.clock.advance(5);
    assert.notEqual(statusOf(gc, 'web-canary'), 'Waiting', 'the execution continued past the held batch');
  });

  it('answers 409 to approve where nothing is held', async () => {
    const answer = await call('POST', '/v1/groups/web-prod/approve', { body: {} });
    assert.equal(answer.status, 409);
  });
});

describe('webhook: pause then resume', () => {
  let gc: GateCloud;
  let call: ReturnType<typeof client>;
  before(async () => {
    gc = await startGateCloud();
    call = client(gc);
    const image = newImage(gc, 'app-pinned');
    await call('POST', '/v1/rollouts', {
      body: { groups: ['web-canary'], kind: 'image', revision: image, reason: 'r' },
    });
  });
  after(() => gc.close());

  it('approves no further batch while paused, and goes on after resume', async () => {
    assert.equal(
      (await call('POST', '/v1/groups/web-canary/pause', { body: { reason: 'incident' } })).body['result'],
      'done',
    );
    await gc.gateUntil(() => statusOf(gc, 'web-canary') === 'Waiting', 600);
    // Well past the bake: a healthy batch would have been approved long ago.
    for (let i = 0; i < 60; i++) await gc.gateTurn();
    assert.equal(statusOf(gc, 'web-canary'), 'Waiting', 'held at the pause while the group is paused');
    const status = await call('GET', '/v1/groups/web-canary');
    assert.equal((status.body['group'] as Record<string, unknown>)['paused'], true);
    assert.equal(
      (await call('POST', '/v1/groups/web-canary/resume', { body: { reason: 'resolved' } })).body['result'],
      'done',
    );
    assert.equal(
      (await call('POST', '/v1/groups/web-canary/resume', { body: { reason: 'resolved' } })).body['result'],
      'unchanged',
    );
    await gc.gateTurn();
    gc.cloud.clock.advance(1);
    assert.notEqual(statusOf(gc, 'web-canary'), 'Waiting', 'the next batch started after resume');
  });
});

describe('webhook: abort cancels and cleans up', () => {
  let gc: GateCloud;
  let call: ReturnType<typeof client>;
  before(async () => {
    gc = await startGateCloud({ suspended: { 'web-canary': ['ScheduledAction'] } });
    call = client(gc);
    const image = newImage(gc, 'app-pinned');
    await call('POST', '/v1/rollouts', {
      body: { groups: ['web-canary'], kind: 'image', revision: image, reason: 'r' },
    });
    await gc.gateUntil(() => statusOf(gc, 'web-canary') === 'Waiting', 600);
  });
  after(() => gc.close());

  it('leaves no Standby instance and no process suspended that was not before, once', async () => {
    const canary = gc.groups['web-canary']!.scalingGroupId;
    const world = gc.cloud.world();
    assert.ok(world.ess.getGroup(canary).suspendedProcesses.length > 1, 'the rollout suspended processes');
    const aborted = await call('POST', '/v1/groups/web-canary/abort', { body: { reason: 'wrong build' } });
    assert.equal(aborted.status, 200);
    assert.equal(aborted.body['result'], 'done');
    assert.equal(statusOf(gc, 'web-canary'), 'Cancelled');
    assert.deepEqual(world.ess.getGroup(canary).suspendedProcesses, ['ScheduledAction']);
    assert.deepEqual(
      world.ess.listInstances(canary).filter((i) => i.lifecycleState === 'Standby'),
      [],
    );
    assert.equal(
      (await call('POST', '/v1/groups/web-canary/abort', { body: { reason: 'wrong build' } })).body['result'],
      'unchanged',
    );
    await gc.reconcileOnce();
    assert.equal(gc.executions('web-canary').length, 1, 'the aborted revision is not started again');
    assert.ok(gc.events().some((e) => e.type === 'rollout.cancelled'));
  });

  it('retry clears the rejection and the revision rolls again', async () => {
    const retried = await call('POST', '/v1/groups/web-canary/retry', { body: { reason: 'fixed the probe' } });
    assert.equal(retried.status, 200);
    assert.equal(retried.body['result'], 'done');
    assert.deepEqual(
      gc.executions('web-canary').map((e) => e.status === 'Cancelled'),
      [true, false],
      'a new attempt started',
    );
    assert.equal((await call('POST', '/v1/groups/web-canary/retry', { body: {} })).body['result'], 'unchanged');
  });
});

// The webhook function as deployed: built from functions/webhook, run by the
// local runtime from s.yaml behind its HTTP trigger, called over HTTP with
// signed requests on every route; and the CLI against the same local cloud.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { main } from '../../cli/main';
import { signedCurlExample } from '../../scripts/demo/serve';
import { signedHeaders } from '../../shared/webhook/signature';
import { groupId, startLocalSystem, type LocalSystem } from '../functions/local-system';

const SECRET = 'runtime-secret-0123456789abcdef';

describe('webhook on the local runtime', () => {
  let system: LocalSystem;
  let url: string;
  let signedAt = Math.floor(Date.now() / 1000);
  let image: string;

  async function call(
    method: string,
    pathWithQuery: string,
    body?: unknown,
    sign = true,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const raw = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    // A second earlier each call: the same request twice is then not a replay.
    signedAt -= 1;
    const headers = {
      'content-type': 'application/json',
      ...(sign ? signedHeaders(SECRET, signedAt, method, pathWithQuery, raw) : {}),
    };
    const response = await fetch(`${url}${pathWithQuery}`, { method, headers, ...(raw === '' ? {} : { body: raw }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  before(async () => {
    system = await startLocalSystem({ functionEnv: { ROLLGATE_WEBHOOK_SECRET: SECRET } });
    url = system.runtime.httpUrl('rollgate-webhook');
    image = system.cloud.world().ecs.images.create({
      imageName: 'app-pinned',
      imageFamily: 'pinned',
      tags: {},
      available: true,
      bootsUnhealthy: false,
    }).imageId;
  });
  after(() => system.close());

  it('answers every GET route signed, and 401 unsigned', async () => {
    const canary = groupId(system, 'web-canary');
    const groups = await call('GET', '/v1/groups');
    assert.equal(groups.status, 200);
    assert.deepEqual((groups.body['groups'] as Array<{ name: string }>).map((g) => g.name).sort(), [
      'api-prod',
      'web-canary',
      'web-prod',
    ]);
    const one = await call('GET', `/v1/groups/${canary}`);
    assert.equal((one.body['group'] as { name: string }).name, 'web-canary');
    const plan = await call('GET', '/v1/plan?at=2026-12-05T22%3A00%3A00%2B08%3A00');
    assert.equal(plan.status, 200, JSON.stringify(plan.body));
    assert.equal(plan.body['at'], '2026-12-05T14:00:00.000Z');
    const events = await call('GET', '/v1/events?type=rollout.started');
    assert.equal(events.status, 200);
    const unsigned = await call('GET', '/v1/groups', undefined, false);
    assert.equal(unsigned.status, 401);
    assert.ok(!JSON.stringify(unsigned.body).includes('web-'));
  });

  it('accepts the signed curl example that npm start -- --serve prints', async (t) => {
    if (spawnSync('sh', ['-c', 'command -v openssl && command -v curl']).status !== 0)
      return t.skip('openssl or curl not installed');
    // Asynchronously: the HTTP trigger answering curl runs in this process.
    const result = await promisify(execFile)('sh', ['-c', signedCurlExample(url, SECRET, '/v1/groups').join('\n')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.ok(Array.isArray((JSON.parse(result.stdout) as { groups: unknown }).groups), result.stdout);
  });

  it('refuses an oversized body with 413 and a tampered one with 401', async () => {
    assert.equal((await call('POST', '/v1/rollouts', { reason: 'x'.repeat(70_000) })).status, 413);
    signedAt -= 1;
    const raw = JSON.stringify({ reason: 'a' });
    const headers = {
      'content-type': 'application/json',
      ...signedHeaders(SECRET, signedAt, 'POST', `/v1/groups/web-canary/pause`, raw),
    };
    const response = await fetch(`${url}/v1/groups/web-canary/pause`, {
      method: 'POST',
      headers,
      body: raw.replace('a', 'b'),
    });
    assert.equal(response.status, 401);
  });

  it('pins a rollout, and runs every group action over HTTP', async () => {
    const rollout = await call('POST', '/v1/rollouts', {
      groups: ['web-canary'],
      kind: 'image',
      revision: image,
      reason: 'release',
    });
    assert.equal(rollout.status, 200, JSON.stringify(rollout.body));
    assert.equal((rollout.body['groups'] as Array<{ fate: string }>)[0]?.fate, 'started');
    const replayAt = signedAt - 1;
    const raw = JSON.stringify({ reason: 'look' });
    const pauseHeaders = {
      'content-type': 'application/json',
      ...signedHeaders(SECRET, replayAt, 'POST', '/v1/groups/web-canary/pause', raw),
    };
    const paused = await fetch(`${url}/v1/groups/web-canary/pause`, {
      method: 'POST',
      headers: pauseHeaders,
      body: raw,
    });
    const replayed = await fetch(`${url}/v1/groups/web-canary/pause`, {
      method: 'POST',
      headers: pauseHeaders,
      body: raw,
    });
    signedAt = replayAt;
    assert.equal(paused.status, 200);
    assert.equal(replayed.status, 409);
    assert.equal((await call('POST', '/v1/groups/web-canary/resume', {})).body['result'], 'done');
    assert.equal((await call('POST', '/v1/groups/web-prod/approve', {})).status, 409);
    assert.equal((await call('POST', '/v1/groups/web-prod/rollback', {})).status, 409);
    const aborted = await call('POST', '/v1/groups/web-canary/abort', { reason: 'stop' });
    assert.equal(aborted.status, 200, JSON.stringify(aborted.body));
    assert.equal(aborted.body['result'], 'done');
    const retried = await call('POST', '/v1/groups/web-canary/retry', { reason: 'again' });
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    assert.equal(retried.body['result'], 'done');
  });

  it('the CLI reads the same local cloud: status, plan and events with --json', async () => {
    const env = system.cloud.clientEnv();
    const out: string[] = [];
    const io = {
      stdout: (t: string) => out.push(t),
      stderr: () => {},
      env: { ...env, LOG_LEVEL: 'silent' },
      cwd: new URL('../..', import.meta.url).pathname,
      tty: false,
    };
    for (const command of [['status'], ['plan'], ['events', '--group', 'web-canary']]) {
      out.length = 0;
      const code = await main([...command, '--json', '--endpoint', system.cloud.url], io);
      assert.equal(code, 0, command.join(' '));
      assert.equal(typeof (JSON.parse(out.join('\n')) as { at: string }).at, 'string');
    }
  });
});

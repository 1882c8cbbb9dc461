import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { LocalCloud } from '../../../local/cloud/core/cloud';
import { startServer } from '../../../local/cloud/core/server';
import { seedFleet } from '../../../local/cloud/seed/fleet';
import { createProbes, isLoopback } from '../../../local/cloud/probes';

// Instances answer probes on their loopback private IPs, checked with Node's
// own http and net clients (not rollgate's probe code).

type HttpAnswer = { status: number; body: Record<string, unknown> } | { error: string };

function get(ip: string, port: number, path = '/health', timeoutMs = 2000): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const req = request({ host: ip, port, path, method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
        }),
      );
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

function tcp(ip: string, port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = connect({ host: ip, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

describe('local cloud probes', () => {
  const cloud = new LocalCloud({
    accountId: '1234567890123456',
    regionId: 'cn-hangzhou',
    accessKeyId: 'ak',
    accessKeySecret: 'sk',
    verifySignatures: false,
    startMs: Date.UTC(2024, 0, 1),
  });
  const fleet = seedFleet(cloud.world(), {
    images: [{ name: 'good' }, { name: 'broken', unhealthy: true }],
    groups: [
      { name: 'web', instances: 3, imageName: 'good' },
      { name: 'bad', instances: 1, imageName: 'broken' },
    ],
  });
  const web = fleet.groups['web']?.instanceIds ?? [];
  const bad = fleet.groups['bad']?.instanceIds ?? [];
  const ipOf = (id: string): string => cloud.world().ecs.getInstance(id).privateIp;
  const probes = createProbes(() => cloud.worlds.all().flatMap((w) => w.ecs.listInstances()), { port: 0 });
  let port = 0;

  before(async () => {
    assert.deepEqual(probes.service.status().listeners, [], 'nothing listens before probes are enabled');
    await probes.service.configure({ enabled: true });
    port = probes.service.status().port;
  });
  after(() => probes.service.close());

  it('opens one listener per Running instance, on its 127.x private IP only', () => {
    // Act
    const { listeners } = probes.service.status();
    // Assess
    assert.ok(port > 0);
    assert.deepEqual(new Set(listeners.map((l) => l.instanceId)), new Set([...web, ...bad]));
    for (const l of listeners) {
      assert.ok(isLoopback(l.ip) && l.ip !== '0.0.0.0', `listener on ${l.ip}`);
      assert.equal(l.ip, ipOf(l.instanceId));
    }
  });

  it('a healthy instance answers GET /health 200 with its image and accepts TCP', async () => {
    // Prepare
    const id = web[0] ?? '';
    // Act
    const answer = await get(ipOf(id), port);
    const connected = await tcp(ipOf(id), port);
    // Assess
    assert.deepEqual(answer, { status: 200, body: { status: 'ok', imageId: fleet.images['good'], instanceId: id } });
    assert.equal(connected, 'connected');
  });

  it('an instance of an image that boots unhealthy answers 503', async () => {
    // Act
    const answer = await get(ipOf(bad[0] ?? ''), port);
    // Assess
    assert.ok('status' in answer);
    assert.equal(answer.status, 503);
    assert.equal(answer.body['status'], 'unhealthy');
  });

  it('a Stopped instance refuses connections, and answers again once Running', async () => {
    // Prepare
    const id = web[1] ?? '';
    cloud.world().ecs.setStatus(id, 'Stopped');
    await probes.service.sync();
    // Act
    const whileStopped = await get(ipOf(id), port);
    const tcpWhileStopped = await tcp(ipOf(id), port);
    cloud.world().ecs.setStatus(id, 'Running');
    await probes.service.sync();
    const afterStart = await get(ipOf(id), port);
    // Assess
    assert.deepEqual(whileStopped, { error: 'ECONNREFUSED' });
    assert.equal(tcpWhileStopped, 'ECONNREFUSED');
    assert.ok('status' in afterStart && afterStart.status === 200);
  });

  it('follows the instance list on its own (no explicit sync) within a short while', async () => {
    // Prepare
    const id = web[2] ?? '';
    cloud.world().ecs.setStatus(id, 'Stopped');
    // Act: poll until refused (the service re-reads instances every few ms; a
    // connection caught while the listener closes is reset, not yet refused)
    let result = await tcp(ipOf(id), port);
    for (let i = 0; i < 200 && result !== 'ECONNREFUSED'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      result = await tcp(ipOf(id), port);
    }
    cloud.world().ecs.setStatus(id, 'Running');
    await probes.service.sync();
    // Assess
    assert.equal(result, 'ECONNREFUSED');
  });

  it('injected faults: refuse closes the port, http503 answers 503, hang never answers', async () => {
    // Prepare
    const [a, b, c] = web as [string, string, string];
    await probes.service.setFault(a, 'refuse');
    await probes.service.setFault(b, 'http503');
    await probes.service.setFault(c, 'hang');
    // Act
    const refused = await tcp(ipOf(a), port);
    const unavailable = await get(ipOf(b), port);
    const hung = await get(ipOf(c), port, '/health', 200);
    await probes.service.clearFaults();
    const recovered = await get(ipOf(a), port);
    // Assess
    assert.equal(refused, 'ECONNREFUSED');
    assert.ok('status' in unavailable && unavailable.status === 503);
    assert.deepEqual(hung, { error: 'TIMEOUT' });
    assert.ok('status' in recovered && recovered.status === 200);
  });

  it('the admin API enables, reports and injects faults over HTTP', async () => {
    // Prepare
    const server = await startServer({ cloud, restProducts: [probes.admin], rpcProducts: [] });
    try {
      // Act
      const status = (await (await fetch(`${server.url}/_local/probes`)).json()) as {
        enabled: boolean;
        port: number;
        listeners: unknown[];
      };
      const faulted = await fetch(`${server.url}/_local/probes/faults`, {
        method: 'POST',
        body: JSON.stringify({ instanceId: web[0], fault: 'http503' }),
      });
      const answer = await get(ipOf(web[0] ?? ''), port);
      const cleared = await fetch(`${server.url}/_local/probes/faults`, {
        method: 'POST',
        body: JSON.stringify({ instanceId: web[0], fault: null }),
      });
      const invalid = await fetch(`${server.url}/_local/probes`, {
        method: 'POST',
        body: JSON.stringify({ enabled: 'yes' }),
      });
      // Assess
      assert.equal(status.enabled, true);
      assert.equal(status.port, port);
      assert.equal(status.listeners.length, 4);
      assert.equal(faulted.status, 200);
      assert.ok('status' in answer && answer.status === 503);
      assert.equal(cleared.status, 200);
      assert.equal(invalid.status, 400);
    } finally {
      await server.close();
    }
  });

  it('disabling closes every listener', async () => {
    // Act
    await probes.service.configure({ enabled: false });
    const refused = await tcp(ipOf(web[0] ?? ''), port);
    // Assess
    assert.deepEqual(probes.service.status().listeners, []);
    assert.equal(refused, 'ECONNREFUSED');
  });
});

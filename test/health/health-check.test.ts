import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runHealthCheck, type CheckMeasurement, type HealthReport } from '../../shared/health/index';
import { startHealthCloud } from './health-cloud';

// The bundled health check against the local cloud: ESS and ECS through
// rollgate's clients, HTTP/TCP probes against the instances' loopback IPs,
// Cloud Assistant commands and CloudMonitor metrics on the simulated clock.

const check = (report: HealthReport, instanceId: string, name: string): CheckMeasurement => {
  const measurement = report.measured.instances[instanceId]?.checks[name as 'http'];
  assert.ok(measurement, `${name} measured for ${instanceId}`);
  return measurement;
};

describe('bundled health check on the local cloud', () => {
  let env: Awaited<ReturnType<typeof startHealthCloud>>;
  let all: Record<string, unknown>;

  before(async () => {
    env = await startHealthCloud();
    all = {
      essHealth: true,
      ecsRunning: true,
      http: { port: env.port, path: '/health', expectStatus: [200], bodyMatch: '"status":"ok"', timeoutMs: 2000 },
      tcp: { port: env.port, timeoutMs: 2000 },
      metric: {
        metricName: 'CPUUtilization',
        statistic: 'Average',
        comparison: '<',
        threshold: 80,
        windowSeconds: 300,
      },
    };
  });
  after(() => env.close());
  beforeEach(async () => {
    env.world.faults.clear();
    await env.local.probes.clearFaults();
  });

  it('a healthy group passes, with a measurement of every enabled check for every instance', async () => {
    // Prepare
    const batch = env.instanceIds.slice(0, 2);
    // Act
    const report = await runHealthCheck(env.input(batch, all), env.deps);
    // Assess
    assert.equal(report.verdict, 'pass', report.reasons.join('\n'));
    assert.deepEqual(report.measured.checks, ['essHealth', 'ecsRunning', 'http', 'tcp', 'metric']);
    assert.deepEqual(report.measured.group, {
      healthy: 4,
      unhealthy: 0,
      pending: 0,
      total: 4,
      healthyPercent: 100,
      minHealthyPercent: 100,
    });
    assert.equal(report.checkedAt, new Date(env.local.clock.now()).toISOString());
    for (const id of env.instanceIds) {
      assert.equal(report.measured.instances[id]?.inBatch, batch.includes(id));
      assert.equal(check(report, id, 'essHealth')['healthStatus'], 'Healthy');
      assert.equal(check(report, id, 'ecsRunning')['status'], 'Running');
      const http = check(report, id, 'http');
      assert.equal(http['status'], 200);
      assert.equal(http['bodyMatched'], true);
      assert.equal(typeof http['latencyMs'], 'number');
      assert.equal(check(report, id, 'tcp')['connected'], true);
      const metric = check(report, id, 'metric');
      assert.ok(
        typeof metric['value'] === 'number' && metric['value'] >= 20 && metric['value'] < 40,
        `CPU ${String(metric['value'])}`,
      );
      assert.equal(metric['datapoints'], 5);
    }
  });

  it('a batch on an image that boots unhealthy (admin fault) fails, naming the instances and what was measured', async () => {
    // Prepare: the batch's system disks are replaced with an image the fault makes boot unhealthy
    const image = (await (
      await fetch(`${env.local.url}/_local/images`, {
        method: 'POST',
        body: JSON.stringify({ name: 'v2-broken', family: 'app', available: true }),
      })
    ).json()) as { imageId: string };
    const fault = await fetch(`${env.local.url}/_local/faults`, {
      method: 'POST',
      body: JSON.stringify({ unhealthyImages: [image.imageId] }),
    });
    assert.equal(fault.status, 200);
    const batch = env.instanceIds.slice(0, 2);
    for (const id of batch) {
      env.world.ecs.setStatus(id, 'Stopped');
      env.world.ecs.replaceSystemDisk(id, image.imageId);
      env.world.ecs.setStatus(id, 'Running');
    }
    await env.local.probes.sync();
    try {
      // Act
      const report = await runHealthCheck(env.input(batch, all, 50), env.deps);
      // Assess
      assert.equal(report.verdict, 'fail');
      for (const id of batch) {
        assert.equal(report.measured.instances[id]?.state, 'unhealthy');
        assert.equal(check(report, id, 'http')['status'], 503);
        assert.equal(check(report, id, 'essHealth')['healthStatus'], 'Unhealthy');
        assert.ok((check(report, id, 'metric')['value'] as number) >= 92);
        assert.ok(
          report.reasons.some((r) => r.includes(id) && r.includes('answered 503')),
          `a reason names ${id} and its 503`,
        );
        assert.ok(
          report.reasons.some((r) => r.includes(id) && r.includes('CPUUtilization')),
          `a reason names ${id} and its CPU`,
        );
      }
      assert.equal(
        check(report, env.instanceIds[2] ?? '', 'http')['status'],
        200,
        'the rest of the group is still healthy',
      );
    } finally {
      for (const id of batch) {
        env.world.ecs.setStatus(id, 'Stopped');
        env.world.ecs.replaceSystemDisk(id, env.world.ecs.getInstance(env.instanceIds[3] ?? '').imageId);
        env.world.ecs.setStatus(id, 'Running');
      }
    }
  });

  it('a Cloud Assistant check waits while the command runs, reuses it, and then passes or fails on the exit code', async () => {
    // Prepare
    const batch = env.instanceIds.slice(0, 1);
    const passing = {
      essHealth: false,
      ecsRunning: false,
      command: { script: 'curl -fsS localhost:8080/health\nexit 0' },
    };
    const failing = { essHealth: false, ecsRunning: false, command: { script: 'test -f /srv/ready\nexit 3' } };
    // Act
    const first = await runHealthCheck(env.input(batch, passing), env.deps);
    const again = await runHealthCheck(env.input(batch, passing), env.deps);
    const failingWhileRunning = await runHealthCheck(env.input(batch, failing), env.deps);
    env.local.clock.advance(10);
    const done = await runHealthCheck(env.input(batch, passing), env.deps);
    const failed = await runHealthCheck(env.input(batch, failing), env.deps);
    // Assess
    assert.equal(first.verdict, 'wait');
    assert.ok(first.reasons.some((r) => r.includes('command')));
    const invokeId = check(first, batch[0] ?? '', 'command')['invokeId'];
    assert.equal(again.verdict, 'wait');
    assert.equal(check(again, batch[0] ?? '', 'command')['invokeId'], invokeId, 'the same invocation, not a new one');
    assert.equal(check(again, batch[0] ?? '', 'command')['invocationStatus'], 'Running');
    assert.equal(failingWhileRunning.verdict, 'wait');
    assert.equal(done.verdict, 'pass', done.reasons.join('\n'));
    assert.equal(check(done, batch[0] ?? '', 'command')['exitCode'], 0);
    assert.equal(check(done, batch[0] ?? '', 'command')['invokeId'], invokeId);
    assert.equal(failed.verdict, 'fail');
    assert.equal(check(failed, batch[0] ?? '', 'command')['exitCode'], 3);
    assert.ok(failed.reasons.some((r) => r.includes(batch[0] ?? '') && r.includes('exit code 3')));
  });

  it('the minimum healthy percentage counts the whole group, not only the batch', async () => {
    // Prepare: the batch is healthy, two other InService instances answer 503
    const batch = env.instanceIds.slice(0, 1);
    await env.local.probes.setFault(env.instanceIds[2] ?? '', 'http503');
    await env.local.probes.setFault(env.instanceIds[3] ?? '', 'refuse');
    const httpOnly = { essHealth: false, ecsRunning: false, http: { port: env.port } };
    // Act
    const strict = await runHealthCheck(env.input(batch, httpOnly, 75), env.deps);
    const lenient = await runHealthCheck(env.input(batch, httpOnly, 50), env.deps);
    // Assess
    assert.equal(strict.verdict, 'fail');
    assert.equal(strict.measured.group.healthyPercent, 50);
    assert.match(strict.reasons[0] ?? '', /group: 50% healthy, 75% required/);
    assert.ok(strict.reasons.some((r) => r.includes(env.instanceIds[3] ?? '') && /ECONNREFUSED/.test(r)));
    assert.equal(lenient.verdict, 'pass');
    assert.equal(lenient.measured.instances[env.instanceIds[2] ?? '']?.state, 'unhealthy');
  });

  it('an unhealthy batch instance fails even when the group percentage is met', async () => {
    // Prepare
    const batch = env.instanceIds.slice(0, 2);
    await env.local.probes.setFault(batch[1] ?? '', 'http503');
    // Act
    const report = await runHealthCheck(
      env.input(batch, { essHealth: false, ecsRunning: false, http: { port: env.port } }, 50),
      env.deps,
    );
    // Assess
    assert.equal(report.verdict, 'fail');
    assert.match(report.reasons[0] ?? '', /^batch: /);
    assert.equal(report.measured.group.healthyPercent, 75);
  });

  it('essHealth judges the group as the gate read it when the input carries it, and reads ESS only without it', async () => {
    // Prepare: the gate's read says one batch instance is Unhealthy (ESS itself says Healthy)
    const batch = env.instanceIds.slice(0, 2);
    const scalingInstances = env.instanceIds.map((instanceId) => ({
      instanceId,
      healthStatus: instanceId === batch[1] ? 'Unhealthy' : 'Healthy',
      lifecycleState: 'InService',
    }));
    env.local.cloud.requests.reset();
    // Act
    const given = await runHealthCheck(
      { ...env.input(batch, { essHealth: true, ecsRunning: false }), scalingInstances },
      env.deps,
    );
    const essCalls = env.local.cloud.requests.snapshot().byAction['ess:DescribeScalingInstances'] ?? 0;
    const read = await runHealthCheck(env.input(batch, { essHealth: true, ecsRunning: false }), env.deps);
    // Assess
    assert.equal(essCalls, 0, 'no ESS read when the gate sent its own');
    assert.equal(given.verdict, 'fail');
    assert.match(check(given, batch[1] ?? '', 'essHealth').detail, /Unhealthy/);
    assert.equal(read.verdict, 'pass', read.reasons.join('\n'));
    assert.equal(env.local.cloud.requests.snapshot().byAction['ess:DescribeScalingInstances'], 1);
  });

  it('a failing cloud API makes the check wait, not fail', async () => {
    // Prepare: every ESS call is throttled (the client does not retry in this test)
    env.world.faults.configure({ rules: [{ product: 'ess', throttleShare: 1 }] });
    // Act
    const report = await runHealthCheck(
      env.input(env.instanceIds.slice(0, 1), { essHealth: true, ecsRunning: true }),
      env.deps,
    );
    // Assess
    assert.equal(report.verdict, 'wait');
    assert.ok(
      report.reasons.some((r) => r.includes('essHealth could not be evaluated') && r.includes('Throttling')),
      report.reasons.join('\n'),
    );
  });
});

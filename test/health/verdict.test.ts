import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { combine } from '../../shared/health/verdict';
import { aggregate, holds } from '../../shared/health/checks/metric';
import { probeUrl } from '../../shared/health/checks/http';
import { commandInvocationName } from '../../shared/health/checks/command';
import {
  HealthCheckInputSchema,
  instancesToCheck,
  type CheckState,
  type InstanceMeasurement,
} from '../../shared/health/index';

const inst = (instanceId: string, inBatch: boolean, ...states: CheckState[]): InstanceMeasurement => ({
  instanceId,
  privateIp: '127.10.0.1',
  inBatch,
  state: states.includes('unhealthy') ? 'unhealthy' : states.includes('pending') ? 'pending' : 'healthy',
  checks: Object.fromEntries(
    states.map((s, i) => [['http', 'tcp', 'metric'][i] ?? 'command', { state: s, detail: `${s} detail` }]),
  ),
});

describe('health verdict', () => {
  it('passes when the batch and the group are healthy', () => {
    // Act
    const result = combine([inst('i-1', true, 'healthy', 'healthy'), inst('i-2', false, 'healthy')], 100);
    // Assess
    assert.equal(result.verdict, 'pass');
    assert.equal(result.group.healthyPercent, 100);
  });

  it('fails on one unhealthy batch instance even when the group share is met', () => {
    // Act
    const result = combine(
      [inst('i-1', true, 'unhealthy'), inst('i-2', false, 'healthy'), inst('i-3', false, 'healthy')],
      50,
    );
    // Assess
    assert.equal(result.verdict, 'fail');
    assert.ok(result.reasons.some((r) => r.startsWith('i-1 http: unhealthy detail')));
  });

  it('waits while a batch instance is pending and nothing failed', () => {
    // Act
    const result = combine([inst('i-1', true, 'healthy', 'pending'), inst('i-2', false, 'healthy')], 100);
    // Assess
    assert.equal(result.verdict, 'wait');
    assert.ok(result.reasons.some((r) => r.includes('i-1 tcp: pending detail')));
  });

  it('fails when the group cannot reach the minimum even if every pending instance passes', () => {
    // Act
    const result = combine(
      [
        inst('i-1', true, 'healthy'),
        inst('i-2', false, 'unhealthy'),
        inst('i-3', false, 'unhealthy'),
        inst('i-4', false, 'pending'),
      ],
      75,
    );
    // Assess
    assert.equal(result.verdict, 'fail');
    assert.match(result.reasons[0] ?? '', /^group: 25% healthy, 75% required/);
  });

  it('waits when the group could still reach the minimum', () => {
    // Act
    const result = combine(
      [
        inst('i-1', true, 'healthy'),
        inst('i-2', false, 'unhealthy'),
        inst('i-3', false, 'pending'),
        inst('i-4', false, 'healthy'),
      ],
      75,
    );
    // Assess
    assert.equal(result.verdict, 'wait');
  });
});

describe('check helpers', () => {
  it('aggregates a statistic over datapoints and compares it', () => {
    // Prepare
    const points = [
      { timestamp: 1, Average: 10, Maximum: 30, Minimum: 5 },
      { timestamp: 2, Average: 20, Maximum: 25, Minimum: 1 },
    ];
    // Act / Assess
    assert.equal(aggregate('Average', points), 15);
    assert.equal(aggregate('Maximum', points), 30);
    assert.equal(aggregate('Minimum', points), 1);
    assert.equal(
      aggregate('Sum', [
        { timestamp: 1, Value: 2 },
        { timestamp: 2, Value: 3 },
      ]),
      5,
    );
    assert.equal(aggregate('Average', []), undefined);
    assert.equal(holds(15, '<', 80), true);
    assert.equal(holds(80, '<', 80), false);
    assert.equal(holds(80, '<=', 80), true);
    assert.equal(holds(0.2, '>=', 1), false);
  });

  it('fills the URL template with IP, port and path (IPv6 in brackets)', () => {
    // Prepare
    const settings = {
      port: 8080,
      path: '/health',
      urlTemplate: 'http://{ip}:{port}{path}',
      expectStatus: [200],
      timeoutMs: 1000,
    };
    // Act / Assess
    assert.equal(probeUrl(settings, '127.10.0.3'), 'http://127.10.0.3:8080/health');
    assert.equal(probeUrl(settings, '::1'), 'http://[::1]:8080/health');
    assert.equal(
      probeUrl({ ...settings, urlTemplate: 'https://{ip}/ready?port={port}' }, '10.0.0.1'),
      'https://10.0.0.1/ready?port=8080',
    );
  });

  it('names a command invocation after execution, batch, script and instances only', () => {
    // Prepare
    const input = HealthCheckInputSchema.parse({
      groupId: 'asg-1',
      executionId: 'exec-1',
      batch: { index: 1, total: 3 },
      batchInstances: [{ instanceId: 'i-b' }, { instanceId: 'i-a' }],
    });
    const settings = { script: 'exit 0', commandType: 'RunShellScript' as const, timeoutSeconds: 60 };
    const ctx = { input, instances: instancesToCheck(input) };
    // Act
    const name = commandInvocationName(ctx, settings);
    const reordered = commandInvocationName({ input, instances: [...ctx.instances].reverse() }, settings);
    const nextBatch = commandInvocationName(
      { input: { ...input, batch: { index: 2, total: 3 } }, instances: ctx.instances },
      settings,
    );
    // Assess
    assert.match(name, /^rollgate-health-[0-9a-f]{24}$/);
    assert.equal(reordered, name);
    assert.notEqual(nextBatch, name);
  });

  it('checks each instance once, batch first, keeping a known IP', () => {
    // Prepare
    const input = HealthCheckInputSchema.parse({
      groupId: 'asg-1',
      batch: { index: 0, total: 1 },
      batchInstances: [{ instanceId: 'i-2' }],
      inServiceInstances: [
        { instanceId: 'i-1', privateIp: '127.10.0.1' },
        { instanceId: 'i-2', privateIp: '127.10.0.2' },
      ],
    });
    // Act
    const instances = instancesToCheck(input);
    // Assess
    assert.deepEqual(instances, [
      { instanceId: 'i-2', privateIp: '127.10.0.2' },
      { instanceId: 'i-1', privateIp: '127.10.0.1' },
    ]);
    assert.equal(input.checks.essHealth, true, 'policy defaults apply');
    assert.equal(input.minHealthyPercent, 100);
  });
});

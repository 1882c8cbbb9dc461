import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gateFailureCause, networkFailureOf, type InstanceProbes } from '../../shared/domain';

const healthy = { state: 'healthy' as const };
const refused = { state: 'unhealthy' as const, error: 'ECONNREFUSED' };
const timedOut = { state: 'unhealthy' as const, error: 'timed out after 2000 ms' };
const http503 = { state: 'unhealthy' as const };

function instance(id: string, checks: InstanceProbes['checks'], inBatch = true): InstanceProbes {
  return { instanceId: id, inBatch, checks };
}
const platformOk = { essHealth: healthy, ecsRunning: healthy };

describe('gateFailureCause', () => {
  const cases: Array<{
    name: string;
    batch?: number;
    rollback?: boolean;
    instances: InstanceProbes[];
    expect: 'misconfigured' | 'instances';
    network?: string;
  }> = [
    {
      name: 'misconfigured: first batch, HTTP refused on every instance, ESS and ECS healthy',
      instances: [
        instance('i-1', { ...platformOk, http: refused }),
        instance('i-2', { ...platformOk, http: refused }),
        instance('i-9', { ...platformOk, http: healthy }, false),
      ],
      expect: 'misconfigured',
      network: 'refused',
    },
    {
      name: 'misconfigured: TCP timed out everywhere (ESS only checked)',
      instances: [
        instance('i-1', { essHealth: healthy, tcp: timedOut }),
        instance('i-2', { essHealth: healthy, tcp: timedOut }),
      ],
      expect: 'misconfigured',
      network: 'timed out',
    },
    {
      name: 'instances: a later batch',
      batch: 2,
      instances: [instance('i-1', { ...platformOk, http: refused })],
      expect: 'instances',
    },
    {
      name: 'instances: a rollback',
      rollback: true,
      instances: [instance('i-1', { ...platformOk, http: refused })],
      expect: 'instances',
    },
    {
      name: 'instances: one instance answers',
      instances: [instance('i-1', { ...platformOk, http: refused }), instance('i-2', { ...platformOk, http: healthy })],
      expect: 'instances',
    },
    {
      name: 'instances: refused on one, timed out on another',
      instances: [
        instance('i-1', { ...platformOk, http: refused }),
        instance('i-2', { ...platformOk, http: timedOut }),
      ],
      expect: 'instances',
    },
    {
      name: 'instances: HTTP 503 is an answer from the application',
      instances: [instance('i-1', { ...platformOk, http: http503 })],
      expect: 'instances',
    },
    {
      name: 'instances: ESS says unhealthy',
      instances: [instance('i-1', { essHealth: { state: 'unhealthy' }, ecsRunning: healthy, http: refused })],
      expect: 'instances',
    },
    { name: 'instances: ESS and ECS not asked', instances: [instance('i-1', { http: refused })], expect: 'instances' },
    {
      name: 'instances: no network check',
      instances: [instance('i-1', { ...platformOk, command: { state: 'unhealthy' } })],
      expect: 'instances',
    },
    {
      name: 'instances: no batch instance measured',
      instances: [instance('i-9', { ...platformOk, http: refused }, false)],
      expect: 'instances',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      // Act
      const result = gateFailureCause({ batch: c.batch ?? 1, rollback: c.rollback ?? false, instances: c.instances });
      // Assess
      assert.equal(result.cause, c.expect);
      if (result.cause === 'misconfigured') {
        assert.equal(result.network, c.network);
        assert.deepEqual(
          result.instances,
          c.instances.filter((i) => i.inBatch).map((i) => i.instanceId),
        );
        assert.match(result.reason, /VPC/);
      }
    });
  }

  it('reads the probes’ errors', () => {
    assert.equal(networkFailureOf('ECONNREFUSED'), 'refused');
    assert.equal(networkFailureOf('timed out after 2000 ms'), 'timed out');
    assert.equal(networkFailureOf('EHOSTUNREACH'), 'unreachable');
    assert.equal(networkFailureOf('ECONNRESET'), undefined);
    assert.equal(networkFailureOf(undefined), undefined);
  });
});

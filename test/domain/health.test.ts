import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { healthVerdict, instanceVerdict, type CheckResult, type InstanceHealth } from '../../shared/domain/index';

const pass = (check: string, measured?: number): CheckResult => ({
  check,
  verdict: 'pass',
  reason: 'ok',
  ...(measured !== undefined ? { measured } : {}),
});
const fail = (check: string, reason: string, measured?: number): CheckResult => ({
  check,
  verdict: 'fail',
  reason,
  ...(measured !== undefined ? { measured } : {}),
});
const waiting = (check: string, reason: string): CheckResult => ({ check, verdict: 'wait', reason });

function inst(id: string, ...checks: CheckResult[]): InstanceHealth {
  return { instanceId: id, checks };
}

describe('instanceVerdict', () => {
  const cases: Array<[string, CheckResult[], string]> = [
    ['all checks pass', [pass('essHealth'), pass('http', 200)], 'pass'],
    ['one check fails', [pass('essHealth'), fail('http', 'status 500', 500)], 'fail'],
    ['a pending check waits', [pass('essHealth'), waiting('ecsRunning', 'Starting')], 'wait'],
    ['fail outranks wait', [waiting('ecsRunning', 'Starting'), fail('http', 'refused')], 'fail'],
    ['no checks configured passes', [], 'pass'],
  ];
  for (const [name, checks, expected] of cases) {
    it(name, () => assert.equal(instanceVerdict(inst('i-1', ...checks)), expected));
  }
});

describe('healthVerdict', () => {
  it('compliant: every instance healthy passes at 100%', () => {
    const v = healthVerdict([inst('i-1', pass('http')), inst('i-2', pass('http'))], 100);
    assert.equal(v.verdict, 'pass');
    assert.equal(v.healthyPercent, 100);
    assert.deepEqual(v.counts, { pass: 2, fail: 0, wait: 0, total: 2 });
  });

  it('non-compliant: one failure under minHealthyPercent 100 fails and names the instance and value', () => {
    const v = healthVerdict([inst('i-1', pass('http')), inst('i-2', fail('http', 'status 503', 503))], 100);
    assert.equal(v.verdict, 'fail');
    assert.ok(v.reasons.includes('i-2 http: status 503 (503)'), JSON.stringify(v.reasons));
  });

  it('compliant: one failure of four is within minHealthyPercent 75', () => {
    const v = healthVerdict(
      [inst('a', pass('tcp')), inst('b', pass('tcp')), inst('c', pass('tcp')), inst('d', fail('tcp', 'refused'))],
      75,
    );
    assert.equal(v.verdict, 'pass');
    assert.equal(v.healthyPercent, 75);
  });

  it('waits while waiting instances could still reach the minimum', () => {
    const v = healthVerdict([inst('a', pass('http')), inst('b', waiting('ecsRunning', 'Starting'))], 100);
    assert.equal(v.verdict, 'wait');
    assert.ok(v.reasons.some((r) => r.includes('b ecsRunning: Starting')));
  });

  it('fails as soon as the minimum is out of reach even with instances still waiting', () => {
    const v = healthVerdict(
      [inst('a', fail('http', 'refused')), inst('b', fail('http', 'refused')), inst('c', waiting('http', 'booting'))],
      50,
    );
    assert.equal(v.verdict, 'fail');
  });

  it('a failing group-wide metric check fails the whole verdict', () => {
    const v = healthVerdict([inst('a', pass('http'))], 100, [fail('metric', 'CPU 97 > 90', 97)]);
    assert.equal(v.verdict, 'fail');
    assert.ok(v.reasons.includes('group metric: CPU 97 > 90 (97)'));
  });

  it('a pending group-wide check keeps an otherwise healthy verdict waiting', () => {
    assert.equal(
      healthVerdict([inst('a', pass('http'))], 100, [waiting('metric', 'no datapoints yet')]).verdict,
      'wait',
    );
  });

  it('not-applicable: no instances to check waits', () => {
    const v = healthVerdict([], 100);
    assert.equal(v.verdict, 'wait');
    assert.deepEqual(v.reasons, ['no instances to check']);
  });
});
